"""Choosing the backends from their addresses: a wrong address is refused in Chinese, before anything is
opened; none means the embedded defaults in the data dir."""

from __future__ import annotations

import pytest

from index.store.sql import SQLITE, connect
from index.store.vectors import chroma_client


@pytest.mark.parametrize("url", ["mysql://u@h/db", "127.0.0.1:5432/gongkai"])
def test_a_database_address_that_is_not_postgresql_is_refused(tmp_path, url):
    with pytest.raises(ValueError, match="postgresql://"):
        connect(tmp_path / "g.sqlite", url)
    assert not (tmp_path / "g.sqlite").exists()


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://h:8000", "http://"])
def test_a_chroma_address_that_is_not_http_is_refused(tmp_path, url):
    with pytest.raises(ValueError, match="Chroma 服务地址不正确"):
        chroma_client(tmp_path, url)


def test_no_address_means_sqlite_and_chroma_in_the_data_dir(tmp_path):
    db = connect(tmp_path / "g.sqlite", None)
    assert db.dialect == SQLITE and (tmp_path / "g.sqlite").exists()
    db.close()
    client = chroma_client(tmp_path, None)
    client.get_or_create_collection("probe", embedding_function=None)
    assert (tmp_path / "chroma").is_dir()
    client.close()
