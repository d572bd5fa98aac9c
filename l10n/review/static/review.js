// l10n review page: keyboard review of one language's queue. No framework, no build step.
// Keys: Ctrl+Enter approve and next; Alt+N skip; Alt+P previous; Alt+R revert; Alt+T take theirs;
// Alt+U use the new machine suggestion. Filters by article and reason; counts update in place.
(function () {
  "use strict";
  const meta = (name) => document.querySelector('meta[name="' + name + '"]').content;
  const token = meta("l10n-token");
  let view = meta("l10n-view");
  const entries = Array.from(document.querySelectorAll("article.entry"));
  const statusLine = document.getElementById("status");
  const PLACEHOLDER = /<\/?\d+\s*\/?>/g;
  let current = -1;

  function say(text, kind) {
    statusLine.textContent = text;
    statusLine.className = kind || "";
  }

  // The editor's text: text nodes as they are, chips as their token, <br> as a newline.
  function serialise(node) {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue;
      else if (child.nodeType !== Node.ELEMENT_NODE) continue;
      else if (child.dataset.token) out += child.dataset.token;
      else if (child.tagName === "BR") out += "\n";
      else out += serialise(child);
    }
    return out;
  }

  function chip(token) {
    const span = document.createElement("span");
    span.className = "ph";
    span.contentEditable = "false";
    span.dataset.token = token.replace(/\s+/g, "");
    span.textContent = span.dataset.token;
    return span;
  }

  function fill(node, text) {
    node.textContent = "";
    let at = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      node.append(document.createTextNode(text.slice(at, match.index)), chip(match[0]));
      at = match.index + match[0].length;
    }
    node.append(document.createTextNode(text.slice(at)));
  }

  const editorOf = (entry) => entry.querySelector(".target");

  function focusEntry(index) {
    if (!entries.length) return;
    current = Math.max(0, Math.min(index, entries.length - 1));
    entries.forEach((e, i) => e.classList.toggle("current", i === current));
    const entry = entries[current];
    const editor = editorOf(entry);
    editor.focus();
    const range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    entry.scrollIntoView({ block: "center" });
  }

  const shown = (entry) => !entry.hidden;
  const done = (entry) => entry.classList.contains("done");

  function step(from, by) {
    for (let i = from + by; i >= 0 && i < entries.length; i += by) {
      if (shown(entries[i])) return i;
    }
    return from;
  }

  function nextOpen(from) {
    for (let i = from + 1; i < entries.length; i++) {
      if (shown(entries[i]) && !done(entries[i])) return i;
    }
    return step(from, 1);
  }

  // Counts per reason and what is left under the filters, from the entries as they are now.
  function recount() {
    const article = document.getElementById("filter-article").value;
    const reason = document.getElementById("filter-reason").value;
    const counts = {};
    let left = 0;
    for (const entry of entries) {
      const open = !done(entry);
      if (open) counts[entry.dataset.reason] = (counts[entry.dataset.reason] || 0) + 1;
      entry.hidden = (article && entry.dataset.slug !== article) || (reason && entry.dataset.reason !== reason);
      if (open && !entry.hidden) left += 1;
    }
    document.querySelectorAll(".count").forEach((c) => {
      c.querySelector(".n").textContent = counts[c.dataset.reason] || 0;
    });
    document.querySelector("#left .n").textContent = left;
    document.querySelectorAll("section.article").forEach((section) => {
      section.hidden = !section.querySelector("article.entry:not([hidden])");
    });
  }

  function showIssues(entry, issues) {
    const list = entry.querySelector(".issues");
    list.textContent = "";
    for (const issue of issues) {
      const item = document.createElement("li");
      item.className = issue.severity;
      const code = document.createElement("code");
      code.textContent = issue.code;
      item.append(code, " " + issue.message);
      list.append(item);
    }
    list.hidden = !issues.length;
  }

  function setReason(entry, reason) {
    entry.classList.remove("reason-" + entry.dataset.reason);
    if (reason) {
      entry.dataset.reason = reason;
      entry.classList.add("reason-" + reason);
    }
    entry.classList.toggle("done", !reason);
  }

  // The msgid lines of every entry of the written catalog (an approval moves the ones after it).
  function moveLines(path, lines) {
    const at = new Map(lines.map(([ctxt, id, line]) => [(ctxt === null ? "\u0000" : ctxt + "\u0004") + id, line]));
    for (const entry of entries) {
      if (entry.dataset.path !== path) continue;
      const key = (entry.hasAttribute("data-msgctxt") ? entry.dataset.msgctxt + "\u0004" : "\u0000") + entry.dataset.msgid;
      if (at.has(key)) entry.querySelector(".line").textContent = at.get(key);
    }
  }

  function applied(entry, text, data) {
    entry.dataset.base = data.base;
    entry.dataset.original = text;
    entry.querySelector(".line").textContent = data.line;
    entry.querySelector(".conflict").hidden = true;
    entry.querySelector(".confirm").hidden = true;
    entry.classList.remove("conflicted");
    entry.classList.add("approved");
    showIssues(entry, data.issues);
    if (data.lines) moveLines(entry.dataset.path, data.lines);
    setReason(entry, data.reason === undefined ? null : data.reason);
    const codes = data.codes || [];
    const result = entry.querySelector(".result");
    result.textContent = "approved" + (codes.length ? " (fails: " + codes.join(", ") + ")" : "");
    const shows = entry.querySelector(".shows");
    shows.textContent = data.shows || "";
    shows.hidden = !data.shows;
    shows.classList.toggle("english", codes.length > 0 && data.reason === "unrenderable");
    recount();
    say(data.message + (data.shows ? "; " + data.shows : ""), codes.length ? "error" : "ok");
  }

  function held(entry, data) {
    const box = entry.querySelector(".confirm");
    box.querySelector(".confirm-message").textContent = data.message;
    box.hidden = false;
    showIssues(entry, data.issues);
    entry.querySelector(".result").textContent = "not saved: confirm or keep editing";
    say(data.message, "error");
    box.querySelector('[data-action="confirm"]').focus();
  }

  async function approve(entry, confirm) {
    const editor = editorOf(entry);
    const text = serialise(editor);
    const body = {
      view: view,
      path: entry.dataset.path,
      msgctxt: entry.hasAttribute("data-msgctxt") ? entry.dataset.msgctxt : null,
      msgid: entry.dataset.msgid,
      msgstr: text,
      base: entry.dataset.base,
    };
    if (confirm) body.confirm = true;
    say("saving…");
    let response, data;
    try {
      response = await fetch("/api/approve", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-L10n-Token": token },
        body: JSON.stringify(body),
      });
      data = await response.json();
    } catch (err) {
      say("not saved: the review server cannot be reached (" + err + ")", "error");
      return;
    }
    const result = entry.querySelector(".result");
    if (data.status === "confirm") {
      held(entry, data);
    } else if (data.status === "ok" || data.status === "unchanged") {
      applied(entry, text, data);
      focusEntry(nextOpen(entries.indexOf(entry)));
    } else if (data.status === "conflict") {
      entry.dataset.base = data.base;
      const box = entry.querySelector(".conflict");
      box.querySelector(".conflict-message").textContent = data.message;
      const theirs = box.querySelector(".theirs");
      if (data.theirs === null) theirs.textContent = "(no longer in the catalog)";
      else fill(theirs, data.theirs);
      theirs.dataset.text = data.theirs === null ? "" : data.theirs;
      box.querySelector(".theirs-state").textContent = data.theirs_state ? "(" + data.theirs_state + ")" : "";
      fill(box.querySelector(".yours"), text);
      box.hidden = false;
      entry.classList.add("conflicted");
      if (data.line) entry.querySelector(".line").textContent = data.line;
      result.textContent = "conflict: not saved";
      say(data.message, "error");
    } else {
      result.textContent = "not saved";
      say(data.message || "not saved (" + response.status + ")", "error");
    }
  }

  function revert(entry) {
    fill(editorOf(entry), entry.dataset.original);
    say("reverted to the text as loaded (not saved)");
  }

  function useSuggestion(entry) {
    const suggested = entry.querySelector(".suggested");
    if (!suggested) return;
    fill(editorOf(entry), suggested.dataset.text);
    say("took the new machine suggestion into the editor (approve to save it)");
  }

  function takeTheirs(entry) {
    const theirs = entry.querySelector(".theirs");
    if (entry.querySelector(".conflict").hidden || theirs.dataset.text === undefined) return;
    fill(editorOf(entry), theirs.dataset.text);
    say("took the version on disk into the editor (approve to save it)");
  }

  document.addEventListener("keydown", (event) => {
    if (current < 0) return;
    const entry = entries[current];
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      approve(entry, false);
    } else if (event.altKey && !event.ctrlKey) {
      const action = { KeyN: "skip", KeyP: "previous", KeyR: "revert", KeyT: "theirs", KeyU: "use" }[event.code];
      if (!action) return;
      event.preventDefault();
      if (action === "skip") focusEntry(step(current, 1));
      else if (action === "previous") focusEntry(step(current, -1));
      else if (action === "revert") revert(entry);
      else if (action === "use") useSuggestion(entry);
      else takeTheirs(entry);
    } else if (event.key === "Enter" && event.target.classList.contains("target")) {
      event.preventDefault(); // a unit is one line: Enter never splits it
    }
  });

  entries.forEach((entry, index) => {
    entry.addEventListener("focusin", () => {
      current = index;
      entries.forEach((e, i) => e.classList.toggle("current", i === current));
    });
    entry.querySelector(".target").addEventListener("paste", (event) => {
      event.preventDefault(); // plain text only: no foreign markup in the editor
      const text = (event.clipboardData || window.clipboardData).getData("text/plain");
      document.execCommand("insertText", false, text);
    });
    entry.querySelectorAll("button[data-action]").forEach((button) => {
      button.addEventListener("click", () => {
        current = index;
        const action = button.dataset.action;
        if (action === "approve") approve(entry, false);
        else if (action === "confirm") approve(entry, true);
        else if (action === "cancel") {
          entry.querySelector(".confirm").hidden = true;
          focusEntry(index);
        } else if (action === "skip") focusEntry(step(index, 1));
        else if (action === "use") useSuggestion(entry);
        else revert(entry);
      });
    });
  });

  ["filter-article", "filter-reason"].forEach((id) =>
    document.getElementById(id).addEventListener("change", () => {
      recount();
      const first = entries.findIndex(shown);
      if (first >= 0 && !shown(entries[Math.max(current, 0)])) focusEntry(first);
    }),
  );

  recount();
  if (entries.length) focusEntry(0);
  window.l10nReview = { serialise: serialise };
})();
