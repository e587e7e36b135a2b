"""scripts/deploy/deploy.sh (`make deploy ENV=<env>`): the deploy checklist in order, and refused
before anything runs when an environment's backend and variables do not belong together."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "deploy" / "deploy.sh"


def environments(tmp_path: Path) -> Path:
    """The repository's environment files with a real-looking state bucket."""
    folder = tmp_path / "environments"
    folder.mkdir()
    for source in (ROOT / "environments").iterdir():
        text = source.read_text().replace("ACCOUNT_ID", "123456789012")
        (folder / source.name).write_text(text)
    return folder


def stub(tmp_path: Path, name: str, log: Path) -> str:
    """A command that appends its name and arguments to `log` and succeeds."""
    path = tmp_path / name
    path.write_text(f'#!/usr/bin/env bash\necho "{name} $*" >> "{log}"\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def deploy(env_name: str, folder: Path, *args: str, extra: dict[str, str] | None = None):
    env = {**os.environ, "LEAN_OPS_ENVIRONMENTS": str(folder), **(extra or {})}
    return subprocess.run(
        ["bash", str(SCRIPT), env_name, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_runs_the_checklist_in_order_with_one_environment_s_files(tmp_path):
    folder = environments(tmp_path)
    log = tmp_path / "calls.log"
    commands = {
        "TERRAFORM": stub(tmp_path, "terraform", log),
        "PYTHON": stub(tmp_path, "python", log),
        "LEAN_OPS": stub(tmp_path, "lean-ops", log),
        "MAKE": stub(tmp_path, "make", log),
        "AUTO_APPROVE": "1",
    }

    result = deploy("staging", folder, extra=commands)

    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert [call.split()[0] + " " + call.split()[1] for call in calls] == [
        "make build",
        "python " + str(ROOT / "scripts" / "terraform" / "package.py").replace(str(ROOT) + "/", ""),
        "terraform init",
        "terraform plan",
        "terraform apply",
        "lean-ops deploy-schemas",
    ]
    assert f"-backend-config={folder}/staging.s3.tfbackend" in calls[2]
    assert "-reconfigure" in calls[2]
    assert f"-var-file={folder}/staging.tfvars" in calls[3]
    assert calls[4].endswith("staging.plan")
    assert "--env staging --linted-at" in calls[5]


@pytest.mark.parametrize(
    ("break_files", "message"),
    [
        (lambda f: shutil.copy(f / "dev.tfvars", f / "prod.tfvars"), 'says environment = "dev", not "prod"'),
        (
            lambda f: shutil.copy(f / "dev.s3.tfbackend", f / "prod.s3.tfbackend"),
            'keeps state at "lean-ops/dev/terraform.tfstate", which is not prod\'s',
        ),
        (
            lambda f: (f / "prod.s3.tfbackend").write_text(
                (ROOT / "environments" / "prod.s3.tfbackend").read_text()
            ),
            "still has the ACCOUNT_ID placeholder",
        ),
        (lambda f: (f / "prod.tfvars").unlink(), "prod.tfvars is missing"),
    ],
)
def test_refuses_files_of_another_environment_before_running_anything(tmp_path, break_files, message):
    folder = environments(tmp_path)
    break_files(folder)
    log = tmp_path / "calls.log"

    result = deploy("prod", folder, extra={"TERRAFORM": stub(tmp_path, "terraform", log), "AUTO_APPROVE": "1"})

    assert result.returncode == 2
    assert message in result.stderr
    assert not log.exists()


def test_check_only_and_a_warning_when_nobody_is_paged(tmp_path):
    folder = environments(tmp_path)

    result = deploy("dev", folder, "--check")

    assert result.returncode == 0
    assert "no one is paged" in result.stderr
    assert "state lean-ops-tfstate-123456789012/lean-ops/dev/terraform.tfstate" in result.stdout


def test_does_not_apply_unless_the_environment_is_typed(tmp_path):
    folder = environments(tmp_path)
    log = tmp_path / "calls.log"
    commands = {
        name: stub(tmp_path, name.lower().replace("_", "-"), log)
        for name in ("TERRAFORM", "PYTHON", "LEAN_OPS", "MAKE")
    }
    env = {**os.environ, "LEAN_OPS_ENVIRONMENTS": str(folder), **commands}
    env.pop("AUTO_APPROVE", None)

    result = subprocess.run(
        ["bash", str(SCRIPT), "prod"], input="dev\n", capture_output=True, text=True, env=env, timeout=60
    )

    assert result.returncode == 2
    assert 'not applied (answer was "dev")' in result.stderr
    assert "terraform apply" not in log.read_text()
