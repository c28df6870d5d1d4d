"""Whether a record file lies inside the records directory (store/below_root.py):
a link out is refused, and a path with no link on its way costs no resolving."""

import os

import pytest

from civictech_kb.store.below_root import outside_root


def test_a_file_with_no_link_on_its_way_is_inside_without_resolving_any_path(tmp_path, monkeypatch):
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "a.yaml").write_text("id: a\n")
    monkeypatch.setattr(os.path, "realpath", lambda *a, **k: pytest.fail("a path was resolved"))
    assert outside_root(tmp_path / "projects" / "a.yaml", tmp_path, {}) == ""


def test_a_folder_link_out_is_refused_for_every_file_below_it_in_one_load(tmp_path):
    root, outside = tmp_path / "records", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (outside / name).write_text("id: x\n")
    (root / "projects").symlink_to(outside)
    folders: dict[str, bool] = {}  # shared by the files of one load
    reasons = [outside_root(root / "projects" / name, root, folders) for name in ("a.yaml", "b.yaml")]
    assert reasons == ["symbolic link points outside the records directory"] * 2


def test_a_folder_link_that_stays_inside_the_records_is_fine(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.yaml").write_text("id: a\n")
    (tmp_path / "projects").symlink_to(tmp_path / "drafts")
    assert outside_root(tmp_path / "projects" / "a.yaml", tmp_path, {}) == ""
