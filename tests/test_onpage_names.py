"""The byline benchmark's on-page names (benchmarks/onpage_names.py): names a page shows but not as its byline,
read without repcheck's page model. The benchmark's on-page rejection measure is only as good as these."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from onpage_names import names_in, onpage_names  # noqa: E402
from plain_reading import visible_text  # noqa: E402

PAGE = """<html><body>
<nav><a href="/">Home</a> <a href="/team">Meet Sarah Connor</a></nav>
<article>
  <h1>Storm floods the coast</h1>
  <p>{filler}</p>
  <p class="byline">By Jane Doe</p><p class="credit">Additional reporting by Peter Piper</p>
  <p>{filler}</p>
  <figure><img src="a.jpg"><figcaption>Waves at dawn. Photo: Andrew Harnik/Shutterstock</figcaption></figure>
  <p>The storm reached the coast on Monday, officials said.</p>
  <ul class="post-tags"><li><a href="/t/1">Hither Hills State</a></li></ul>
  <div style="display:none"><figcaption>Hidden Person</figcaption></div>
</article>
<footer class="site-footer">Written by Doe Family Trust</footer>
</body></html>""".replace("{filler}", "the water rose along the shore all night long, and the roads were closed. " * 4)


def test_names_are_runs_of_two_or_three_capitalised_words() -> None:
    assert names_in("Photo: Andrew Harnik/Shutterstock, by Hither Hills State Park Police") == [
        "Andrew Harnik",
        "Hither Hills State",
    ]
    assert names_in("the storm, Monday, officials") == []


def test_one_name_per_place_never_the_label_nor_a_co_author_nor_hidden_text() -> None:
    found = onpage_names(PAGE, ["Jane Doe"], visible_text(PAGE))
    assert found == {
        "site chrome": ("Meet Sarah Connor", "<nav>"),
        "caption or credit": ("Andrew Harnik", "<figcaption>"),
        "tag list": ("Hither Hills State", "class tags"),
    }
    # "Peter Piper", in a credit line, is next to the labelled author (a co-author the label leaves out); "Doe
    # Family Trust", in the site footer, shares a word with the label; "Hidden Person" is not shown.
    shown = {name for name, _ in found.values()}
    assert not shown & {"Peter Piper", "Doe Family Trust", "Hidden Person"}
