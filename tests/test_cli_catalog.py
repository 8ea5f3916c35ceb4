"""``hall export`` / ``hall import``: the catalog through a workbook on the command line."""
from openpyxl import load_workbook

from hall.cli import main


def departments(db, tmp_path, name):
    assert main(["export", str(tmp_path / name), "--db", db, "--hall", "xinlin-zhen"]) == 0
    return [row[0] for row in load_workbook(tmp_path / name)["部门"].iter_rows(min_row=2, values_only=True)]


def test_export_edit_dry_run_then_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert main(["init-db", "--db", db, "--demo"]) == 0
    before = departments(db, tmp_path, "a.xlsx")
    book = load_workbook(tmp_path / "a.xlsx")
    book["部门"].append(["tyj", "镇文体站", "文体", "是"])
    book.save(tmp_path / "b.xlsx")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "b.xlsx"), "--db", db, "--hall", "xinlin-zhen", "--dry-run"]) == 0
    assert "would create 1" in capsys.readouterr().out
    assert departments(db, tmp_path, "c.xlsx") == before
    assert main(["import", str(tmp_path / "b.xlsx"), "--db", db, "--hall", "xinlin-zhen"]) == 0
    assert "created 1" in capsys.readouterr().out
    assert departments(db, tmp_path, "d.xlsx") == sorted(before + ["tyj"])
    # a wrong row: exit status 1, the row named on stderr, nothing written
    book["部门"].append(["x x", "坏编码", "", "是"])
    book.save(tmp_path / "e.xlsx")
    assert main(["import", str(tmp_path / "e.xlsx"), "--db", db, "--hall", "xinlin-zhen"]) == 1
    err = capsys.readouterr().err
    assert "部门 第" in err and "部门编码" in err and "未写入任何数据" in err
    assert departments(db, tmp_path, "f.xlsx") == sorted(before + ["tyj"])
