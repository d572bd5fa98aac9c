"""Which executor a language's translation uses: ``ExecutorFactory`` (the ``executor`` setting).

``local`` builds ``l10n.translate.executor.local.LocalExecutor``, ``ray`` starts
``l10n.translate.executor.ray.RayExecutor`` (importing Ray only then), at most once per language
and only when some entry needs the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from l10n.config import Config
from l10n.errors import L10nError
from l10n.translate.executor import Executor


class ExecutorFactory:
    """Makes a language's executor at most once, and only when first called.

    Args:
        cfg: the project configuration.
        lang: BCP 47 target tag.
        executor: ``local`` or ``ray``; None takes ``cfg.executor``.
        model, engine: ``--model`` and ``--engine`` overrides (None: the config's).
        ray_address: ``--ray-address`` (None or ``""``: ``cfg.ray.address``).
        device: ``--device`` (None: ``cfg.decoding.device``).

    Attributes:
        description: ``"<engine name> <model id>"`` once the executor exists, else ``""``.
        on_load: called with a label (``"vi: loading the model"``) just before the model loads,
            e.g. to show a spinner; None: nothing.
        device: where the model runs (``"cpu"``, ``"cuda"``) once the executor exists, else
            ``""``: the executor's ``device`` (``decoding.device`` resolved), printed once per run.
    """

    def __init__(
        self,
        cfg: Config,
        lang: str,
        *,
        executor: str | None = None,
        model: str | None = None,
        engine: str | None = None,
        ray_address: str | None = None,
        device: str | None = None,
    ) -> None:
        if device is not None:
            cfg = dataclasses.replace(cfg, decoding=dataclasses.replace(cfg.decoding, device=device))
        self.cfg, self.lang, self.model, self.engine = cfg, lang, model, engine
        self.executor, self.ray_address = executor or cfg.executor, ray_address
        self._made: Executor | None = None
        self.description = ""
        self.on_load: Callable[[str], None] | None = None
        self.device = ""

    def __call__(self) -> Executor:
        """The executor (made on the first call; same errors as ``make_engine``)."""
        if self._made is None:
            if self.on_load is not None:
                self.on_load(f"{self.lang}: loading the model")
            if self.executor == "ray":
                from l10n.translate.executor.ray import PoolSpec, make_ray_executor  # imports Ray

                options = dataclasses.replace(self.cfg.ray, address=self.ray_address or self.cfg.ray.address)
                spec = PoolSpec(self.cfg, self.lang, self.model, self.engine)
                self._made = make_ray_executor(spec, options)
            else:
                from l10n.translate.executor.local import make_local_executor

                self._made = make_local_executor(self.cfg, self.lang, model=self.model, engine=self.engine)
            self.description = f"{self._made.name} {self._made.model_id}"
            self.device = str(getattr(self._made, "device", "cpu"))
        return self._made

    def close(self) -> list[L10nError]:
        """Close the executor, if one was made; return the errors of its failed batches."""
        made, self._made = self._made, None
        return made.close() if made is not None else []


__all__ = ["ExecutorFactory"]
