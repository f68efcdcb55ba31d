"""An installed copy (a wheel, not the editable source) works from another directory: its prompts load.

Builds the wheel from a copy of the sources, installs it with no dependencies into a fresh venv in a
temporary directory (the dependencies come from this interpreter's site-packages through a .pth line,
so nothing is downloaded), and runs `extractor extract --backend llm` there against the scripted fault
server."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from fault_server import FaultServer, ok

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "forms-huadu-agri-2025.pdf"


def clean_env(**extra) -> dict:
    """No PYTHONPATH (which would put the source tree first), no model settings from the caller."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    return {**env, **extra}


def run(cmd, **kw):
    kw.setdefault("env", clean_env())
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120, **kw)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "extractor", src / "extractor", ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "--no-build-isolation", "--no-index",
         "-w", tmp / "dist", "-q"])
    wheel = next((tmp / "dist").glob("budget_extractor-*.whl"))
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # The dependencies: this interpreter's site-packages, appended after the venv's own (so the wheel wins).
    (site / "_shared_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, "-q"])
    return venv


def test_the_wheel_holds_the_package_not_the_source_tree(installed):
    where = run([installed / "bin" / "python", "-c", "import extractor; print(extractor.__file__)"],
                cwd=installed.parent).stdout.strip()
    assert where.startswith(str(installed)) and "site-packages" in where


def test_installed_extract_with_a_model_loads_its_prompts_from_another_directory(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(HOME=str(tmp_path), EXTRACTOR_MODEL="fault-model", OPENAI_API_KEY="sk-test",
                    EXTRACTOR_LLM_CACHE=str(tmp_path / "cache.db"))
    with FaultServer([], default=ok("{}")) as fs:
        env["OPENAI_BASE_URL"] = fs.base_url
        done = subprocess.run([installed / "bin" / "extractor", "extract", FIXTURE, "--backend", "llm",
                               "--db", "out.db", "--jobs", "1"], cwd=work, env=env, capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no prompt" not in done.stdout + done.stderr
    assert fs.requests, "the model was never asked"
    system = fs.requests[0][1]["messages"][0]["content"]
    prompt = (ROOT / "extractor" / "prompts" / "project_row@v1.txt").read_text(encoding="utf-8")
    assert system.strip() and system.splitlines()[0] in prompt
    assert (work / "out.db").exists() and not (installed / "out.db").exists()
