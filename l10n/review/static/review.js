// l10n review page: keyboard review of one language's queue. No framework, no build step.
// Keys: Ctrl+Enter approve and next; Alt+N skip; Alt+P previous; Alt+R revert; Alt+T take theirs.
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

  function nextOpen(from) {
    for (let i = from + 1; i < entries.length; i++) {
      if (!entries[i].classList.contains("approved")) return i;
    }
    return Math.min(from + 1, entries.length - 1);
  }

  async function approve(entry) {
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
    if (data.status === "ok" || data.status === "unchanged") {
      entry.dataset.base = data.base;
      entry.dataset.original = text;
      entry.querySelector(".line").textContent = data.line;
      entry.querySelector(".conflict").hidden = true;
      entry.classList.remove("conflicted");
      entry.classList.add("approved");
      const errors = data.issues.filter((i) => i.severity === "error").map((i) => i.code);
      result.textContent = "approved" + (errors.length ? " (still fails: " + errors.join(", ") + ")" : "");
      say(data.message + (errors.length ? "; check still fails: " + errors.join(", ") : ""), "ok");
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
    say("reverted to the machine suggestion (not saved)");
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
      approve(entry);
    } else if (event.altKey && !event.ctrlKey) {
      const action = { KeyN: "skip", KeyP: "previous", KeyR: "revert", KeyT: "theirs" }[event.code];
      if (!action) return;
      event.preventDefault();
      if (action === "skip") focusEntry(current + 1);
      else if (action === "previous") focusEntry(current - 1);
      else if (action === "revert") revert(entry);
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
        if (action === "approve") approve(entry);
        else if (action === "skip") focusEntry(index + 1);
        else revert(entry);
      });
    });
  });

  if (entries.length) focusEntry(0);
  window.l10nReview = { serialise: serialise };
})();
