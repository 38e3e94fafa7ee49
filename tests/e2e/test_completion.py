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


def _complete(words: str, cword: int, db: Path) -> list[str]:
    """What bash offers for the word at `cword` of `words`, through the real script."""
    script = (
        'eval "$(pagu completion bash)"; '
        f"COMP_WORDS=({words}); COMP_CWORD={cword}; _pagu_completion pagu; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**_env(), "PAGU_DB": str(db)}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_codes_stages_quarters_and_kinds(tmp_path: Path) -> None:
    from tests.conftest import SHARED_DOCUMENT, pagu

    db = tmp_path / "ledger.db"
    assert pagu("--db", str(db), "import", str(SHARED_DOCUMENT)).exit_code == 0
    codes = _complete("pagu why 1.06.04.2.01.0", 2, db)
    assert codes == [f"1.06.04.2.01.{n:02d}" for n in range(1, 6)] or codes[:2] == [
        "1.06.04.2.01.01",
        "1.06.04.2.01.02",
    ]
    assert all(code.startswith("1.06.04.2.01.0") for code in codes)
    assert "1.06.04.2.01.05" in _complete("pagu shift 1.06.04.2.01.01 1.06.04.2.01.0", 3, db)
    assert "1.06.07" in _complete("pagu audit --kode 1.06.0", 3, db)
    assert _complete("pagu revise 1.06.01 --stage per", 4, db) == ["pergeseran", "perubahan"]
    assert _complete("pagu realize 1.06.01 --quarter I", 4, db) == ["I", "II", "III", "IV"]
    assert _complete("pagu evaluate --quarter ''", 3, db) == [
        "1",
        "2",
        "3",
        "4",
        *["I", "II", "III", "IV"],
    ]
    assert _complete("pagu audit --kind pagu,Pagu", 3, db) == [
        "pagu,PaguRevised",
        "pagu,PaguSet",
        "pagu,PaguShifted",
    ]
    # No ledger, or a broken one: nothing offered, nothing printed into the shell.
    assert _complete("pagu why 1.06", 2, tmp_path / "none.db") == []
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database")
    assert _complete("pagu why 1.06", 2, broken) == []
