"""The symlink guard compares real paths: however --records and the file
paths are written (absolute, relative, through a link, or no --records at
all), a link planted in the records directory never leads ctkb to read, print
or rewrite a file outside it."""

import os
from pathlib import Path

import pytest

from .conftest import plant, record

SECRET = "AKIA-SECRET-1234"
OUTSIDE_TEXT = (
    "type: project\nid: planted\nname: " + SECRET + "\nsummary: S.\nsources: [{url: https://example.org/d}]\n"
)


@pytest.fixture
def planted(mini_copy, tmp_path):
    """The records with projects/planted.yaml a link to an (unformatted) file outside."""
    outside = plant(tmp_path, "outside", "planted.yaml", OUTSIDE_TEXT)
    (mini_copy / "projects" / "planted.yaml").symlink_to(outside)
    return mini_copy, outside


def spellings(root: Path) -> dict[str, tuple[str, str]]:
    """(--records, file path) written in each way, from root's parent as the working directory."""
    relative_root = root.name
    return {
        "absolute records, relative file": (str(root), f"{relative_root}/projects/planted.yaml"),
        "relative records, absolute file": (relative_root, str(root / "projects" / "planted.yaml")),
        "both relative": (relative_root, f"{relative_root}/projects/planted.yaml"),
        "both relative, with dots": (f"./{relative_root}/", f"./{relative_root}/../{relative_root}/projects/planted.yaml"),
    }  # fmt: skip


@pytest.mark.parametrize("spelling", list(spellings(Path("records"))))
@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_planted_link_is_refused_however_paths_are_written(ctkb, planted, monkeypatch, spelling, command):
    root, outside = planted
    monkeypatch.chdir(root.parent)
    records, file = spellings(root)[spelling]
    result = ctkb(command, file, "--records", records)
    assert result.exit_code == 1
    assert "outside-records" in result.stdout + result.stderr and SECRET not in result.stdout + result.stderr
    assert outside.read_text() == OUTSIDE_TEXT


@pytest.mark.parametrize("command", [["show", "planted"], ["list"], ["export", "--format", "json"]])
def test_read_commands_print_nothing_from_outside(ctkb, planted, monkeypatch, command):
    root, _ = planted
    monkeypatch.chdir(root)
    result = ctkb(*command, "--records", ".")
    assert SECRET not in result.stdout + result.stderr
    assert "planted.yaml: outside-records" in result.stderr
    assert result.exit_code == (1 if command[0] == "show" else 0)  # the link skipped, with a warning
    strict = ctkb("--strict", *command, "--records", ".")
    assert strict.exit_code == 1 and SECRET not in strict.stdout + strict.stderr


def test_without_records_option_the_environment_root_is_guarded(ctkb, planted, monkeypatch):
    root, outside = planted
    monkeypatch.chdir(root.parent)
    monkeypatch.setenv("CTKB_RECORDS", str(root))
    result = ctkb("fmt", f"{root.name}/projects/planted.yaml")
    assert result.exit_code == 1 and "outside-records" in result.stderr
    assert outside.read_text() == OUTSIDE_TEXT


def test_records_reached_through_a_link_are_still_inside(ctkb, mini_copy, tmp_path):
    """A records folder named through a link is the folder it names: its own files are not 'outside'."""
    link = tmp_path / "records-link"
    link.symlink_to(mini_copy)
    assert ctkb("validate", "--records", link).exit_code == 0
    assert ctkb("validate", link / "projects" / "cofacts.yaml", "--records", mini_copy).exit_code == 0


def test_a_folder_link_out_is_refused_with_relative_paths(ctkb, mini_copy, tmp_path, monkeypatch):
    plant(tmp_path, "outside", "secret.yaml", record("secret", "organization", name=SECRET))
    (mini_copy / "organizations").rename(tmp_path / "moved")
    (mini_copy / "organizations").symlink_to(tmp_path / "outside")
    monkeypatch.chdir(mini_copy)
    result = ctkb("validate", "organizations/secret.yaml", "--records", os.getcwd())
    assert (
        result.exit_code == 1
        and "outside-records" in result.stdout
        and SECRET not in result.stdout + result.stderr
    )


@pytest.fixture
def elsewhere(planted, tmp_path, monkeypatch):
    """A working folder beside the records, holding rootlink (to the records)
    and rl (to a folder beside them, so that rl/../records is the records but
    ../records written there is not)."""
    root, outside = planted
    work = tmp_path / "work"
    work.mkdir()
    (work / "rootlink").symlink_to(root)
    (work / "rl").symlink_to(outside.parent)
    monkeypatch.chdir(work)
    return root, outside


def other_spellings(root: Path) -> dict[str, tuple[str, str]]:
    """(--records, file path) from the working folder of `elsewhere`, the
    records and the file reached in different ways."""
    planted = "projects/planted.yaml"
    return {
        "records through a link, file through the real folder": ("rootlink", f"../records/{planted}"),
        "records through a link made absolute": (str(Path.cwd() / "rootlink"), f"../records/{planted}"),
        "real records, file through the link": (str(root), f"rootlink/{planted}"),
        "records through a link, file absolute": ("rootlink", str(root / planted)),
        "dots after a link in the records": ("rl/../records", f"rl/../records/{planted}"),
        "dots after a link in the records, file through another link": ("rl/../records", f"rootlink/{planted}"),
        "dots after a link, file relative to the folder": ("rl/../records", f"../records/{planted}"),
    }  # fmt: skip


@pytest.mark.parametrize("spelling", list(other_spellings(Path("records"))))
@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_planted_link_is_refused_however_the_records_are_reached(ctkb, elsewhere, spelling, command):
    root, outside = elsewhere
    records, file = other_spellings(root)[spelling]
    result = ctkb(command, file, "--records", records)
    assert result.exit_code == 1
    assert "outside-records" in result.stdout + result.stderr and SECRET not in result.stdout + result.stderr
    assert outside.read_text() == OUTSIDE_TEXT


@pytest.mark.parametrize("records", ["rootlink", "rl/../records", "../records/.", "rl/../work/rootlink/"])
@pytest.mark.parametrize("command", [["list"], ["validate"], ["fmt", "--check"]])
def test_every_spelling_of_the_records_skips_the_planted_link(ctkb, elsewhere, records, command):
    _, outside = elsewhere
    result = ctkb(*command, "--records", records)
    assert SECRET not in result.stdout + result.stderr
    assert "outside-records" in result.stdout + result.stderr
    assert outside.read_text() == OUTSIDE_TEXT


@pytest.mark.parametrize("file", ["../records/projects/planted.yaml", "rootlink/projects/planted.yaml"])
def test_records_from_the_environment_through_a_link_are_guarded(ctkb, elsewhere, monkeypatch, file):
    _, outside = elsewhere
    monkeypatch.setenv("CTKB_RECORDS", "rootlink")
    for command in ("validate", "fmt"):
        result = ctkb(command, file)
        assert result.exit_code == 1 and "outside-records" in result.stdout + result.stderr
    assert outside.read_text() == OUTSIDE_TEXT


def test_a_file_named_outside_the_records_with_dots_is_the_users_to_read(
    ctkb, mini_copy, tmp_path, monkeypatch
):
    """Leaving the records with .. names a file elsewhere; only a link leading out is refused."""
    plant(tmp_path, "drafts", "draft.yaml", record("draft"))
    monkeypatch.chdir(mini_copy)
    assert ctkb("validate", "../drafts/draft.yaml", "--records", ".").exit_code == 0
    assert ctkb("validate", "projects/../../drafts/draft.yaml", "--records", ".").exit_code == 0
