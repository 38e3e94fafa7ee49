"""Shell completion: the scripts pagu prints really complete commands and choices."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_and_choices() -> None:
    script = (
        'eval "$(pagu completion bash)"; '
        "COMP_WORDS=(pagu li); COMP_CWORD=1; _pagu_completion pagu; echo ${COMPREPLY[@]}; "
        "COMPREPLY=(); COMP_WORDS=(pagu lines --level ''); COMP_CWORD=3; "
        "_pagu_completion pagu; echo ${COMPREPLY[@]}"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first.split() == ["lines"]
    assert set(second.split()) == {"program", "kegiatan", "sub", "sub_kegiatan"}


def test_zsh_protocol_answers_with_descriptions() -> None:
    env = {**_env(), "_PAGU_COMPLETE": "zsh_complete", "COMP_WORDS": "pagu impo", "COMP_CWORD": "1"}
    done = subprocess.run([str(BIN / "pagu")], capture_output=True, text=True, env=env)
    assert done.stdout.splitlines()[:2] == ["plain", "import"]
    script = subprocess.run(
        [str(BIN / "pagu"), "completion", "zsh"], capture_output=True, text=True
    )
    assert "#compdef pagu" in script.stdout
