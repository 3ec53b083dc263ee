"""The site's pages before any is built (generator/site_pages.py, generator/paths.py): the same
addresses MkDocs gives, every generated page known, and the links MkDocs would check."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.structure.files import File

from generator.atlas import load_atlas
from generator.paths import destination
from generator.render import SiteRenderer
from generator.site_pages import ContentFolder, check_links
from tests.fixture_atlas import ATLAS, ENGINE_FILES, copy_models
from tests.malformed_cases import apply_cases

SOURCES = [
    "index.md",
    "README.md",
    "a/b.md",
    "a/index.md",
    "a/README.md",
    "a.b.md",
    "a/.md",
    "a/b.markdown",
    "a/b.mkd",
    "picture.png",
    "notes.MD",
    "models/x/stage.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src", SOURCES)
def test_destination_is_mkdocs_own(src: str, directory_urls: bool) -> None:
    file = File(src, src_dir=None, dest_dir="", use_directory_urls=directory_urls)
    assert destination(src, directory_urls) == file.dest_uri


def test_the_checked_pages_are_the_pages_the_build_makes(tmp_path: Path) -> None:
    """A link to any generated page passes; the list the check uses cannot drift from the
    renderer's."""
    atlas = load_atlas(ATLAS)
    rendered = [page.src for page in SiteRenderer(atlas, ENGINE_FILES).pages()]
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text(
        "".join(f"[page {n}]({src})\n" for n, src in enumerate(rendered)), encoding="utf-8"
    )
    load_atlas(ATLAS, content_dir=content)
    (content / "index.md").write_text("[gone](models/gone.md)\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"models/gone\.md, which is not a page"):
        load_atlas(ATLAS, content_dir=content)


def links_reported(text: str, pages: tuple[str, ...] = ("index.md", "a/b.md")) -> list[str]:
    content = ContentFolder("content", ("index.md",), {"index.md": text})
    return [str(problem) for problem in check_links(content, pages)]


def test_links_are_found_where_markdown_makes_them_and_only_there() -> None:
    text = (
        "---\n"
        "description: '[not a link](front-matter.md)'\n"
        "---\n"
        "[fine](a/b.md#part) and [missing](a/c.md) and ![img](a/c.md)\n"
        "`[code](a/code.md)` and ``[code](a/code2.md)``\n"
        "```\n"
        "[fenced](a/fenced.md)\n"
        "```\n"
        "[ref]: <a/reference.md>\n"
        "[external](https://example.org/x.md) [absolute](/x.md) [anchor](#x) [file](x.png)\n"
        "[up](../outside.md) [quoted](a/b%2Emd)\n"
    )
    assert links_reported(text) == [
        "content/index.md:4:35: the link 'a/c.md' leads to a/c.md, which is not a page of the "
        "site (did you mean 'a/b.md'?)",
        "content/index.md:4:54: the link 'a/c.md' leads to a/c.md, which is not a page of the "
        "site (did you mean 'a/b.md'?)",
        "content/index.md:9:8: the link 'a/reference.md' leads to a/reference.md, which is not "
        "a page of the site",
        "content/index.md:11:6: the link '../outside.md' leads to ../outside.md, which is not a "
        "page of the site",
    ]


def test_links_into_a_model_whose_file_has_problems_are_not_reported(tmp_path: Path) -> None:
    """The pages of a model whose file cannot be read are unknown: no guess is made."""
    models = apply_cases(tmp_path / "models", "yaml-syntax-error")
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("[a stage](models/ladder/x.md)\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_atlas(models, content_dir=content)
    assert "content/" not in str(caught.value)


def test_a_missing_home_page_and_content_folder_are_reported(tmp_path: Path) -> None:
    models = copy_models(ATLAS, tmp_path / "models")
    content = tmp_path / "content"
    content.mkdir()
    with pytest.raises(Exception, match=r"content/index\.md:1:1: the home page is missing"):
        load_atlas(models, content_dir=content)
    with pytest.raises(Exception, match="elsewhere:1:1: the folder of hand-written pages"):
        load_atlas(models, content_dir=tmp_path / "elsewhere")
