"""The ``byline`` check on the DCNF pack: where a name counts as the byline, and what a failure says."""

from __future__ import annotations

from dcnf import LOGO, SENTENCE, Case, cases, check_rule

BYLINE_CASES = [
    Case("by-line", {"byline": "<p>By Nick Pope</p>"}, "pass", 'after "By"'),
    Case(
        "span-byline",
        {"byline": '<div class="entry-meta"><span class="byline">Nick Pope</span> <time>January 29, 2025</time></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "rel-author",
        {"byline": '<div class="entry-meta"><a rel="author" href="/?author=7">Nick Pope</a></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "itemprop-author",
        {"byline": '<div class="meta"><span itemprop="author">Nick Pope</span></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "author-page-link",
        {"byline": '<div class="meta">Posted January 29, 2025 <a href="/author/nick-pope/">Nick Pope</a></div>'},
        "pass",
        "in the byline element",
    ),
    Case("upper-case", {"byline": "<p>BY NICK POPE</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case(
        "split-by-markup",
        {"byline": '<p>By <span class="first">Nick</span> <strong>Pope</strong></p>'},
        "pass",
        'byline names "Nick Pope" (after "By"',
    ),
    Case("nbsp-in-name", {"byline": "<p>By Nick&nbsp;Pope</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case("co-byline", {"byline": "<p>By Jane Doe and Nick Pope</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case("own-line-with-title", {"byline": "<p>Nick Pope | Energy Reporter</p>"}, "pass", "on its own line"),
    Case(
        "end-bio",
        {"byline": "", "end": "<p><em>Nick Pope is a reporter for the Daily Caller News Foundation.</em></p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "br-lines-in-story",
        {"byline": "", "logo": LOGO + "<p>By Nick Pope<br>Daily Caller News Foundation</p>"},
        "pass",
        'byline names "Nick Pope" (after "By"',
    ),
    Case("absent", {"byline": ""}, "fail", 'no byline names "Nick Pope"'),
    Case(
        "metadata-only",
        {
            "byline": "",
            "head": '<meta name="author" content="Nick Pope"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Nick Pope"}}</script>',
        },
        "fail",
        "metadata",
    ),
    Case("story-sentence-only", {"byline": "", "body": SENTENCE}, "fail", "only in the story text"),
    Case(
        "photo-caption-only",
        {
            "byline": "",
            "logo": LOGO
            + '<figure class="wp-block-image"><img src="/uploads/heater.jpg" alt="A water heater" width="800" '
            'height="500">'
            "<figcaption>A water heater on display in Denver. (Photo by Nick Pope)</figcaption></figure>",
        },
        "fail",
        "only in the caption",
    ),
    Case(
        "someone-else",
        {"byline": "<p>By Jane Doe</p><p>Daily Caller News Foundation</p>"},
        "fail",
        "the byline names 'Jane Doe' instead",
    ),
    Case("longer-name", {"byline": "<p>By Nick Popeye</p>"}, "fail", "'Nick Popeye' instead"),
    Case(
        "screen-reader-text",
        {"byline": '<span class="byline screen-reader-text">By Nick Pope, Daily Caller News Foundation</span>'},
        "fail",
        "hidden text (class screen-reader-text)",
    ),
    Case("hidden-div", {"byline": '<div style="display:none">By Nick Pope</div>'}, "fail", "hidden text"),
    Case(
        "sidebar-only",
        {
            "byline": "",
            "sidebar": '<section class="widget"><h2 class="widget-title">Our reporters</h2><p>By Nick Pope</p>'
            "</section>",
        },
        "fail",
        "outside the article",
    ),
    Case(
        "by-inside-a-story-sentence",
        {
            "byline": "<p>By Jane Doe</p>",
            "body": "<p>A study by Nick Pope, an economist at the Cato Institute, "
            "found that similar rules in California raised the price of a water heater by about 15 percent.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "reported-by-inside-a-sentence",
        {
            "byline": "<p>By Jane Doe</p>",
            "body": "<p>The change was first reported by Nick Pope, an analyst who "
            "follows the appliance industry, in a note to clients published last spring.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case("dated-by-line", {"byline": '<p class="meta">January 29, 2025 by Nick Pope</p>'}, "pass", 'after "By"'),
    Case(
        "not-available-is-not-an-author-line",
        {"byline": "", "end": "<p>Nick Pope was not available for comment.</p>"},
        "fail",
        "only in the story text",
    ),
    Case("initials", {"byline": "<p>By J.D. Vance</p>"}, "pass", 'byline names "J.D. Vance"', reporter="J.D. Vance"),
    Case("label-and-honorific", {"byline": "<p>Autor: Dr. Lena Vogt</p>"}, "pass", 'after "By"', reporter="Lena Vogt"),
    Case(
        "by-and-honorific",
        {"byline": "<p>By Prof. Lena Vogt</p>"},
        "pass",
        'byline names "Lena Vogt"',
        reporter="Lena Vogt",
    ),
    Case("date-then-name", {"byline": "<p>March 3, 2025 by Nick Pope</p>"}, "pass", 'after "By"'),
    Case("article-by-label", {"byline": "<p>Ein Artikel von Nick Pope | 27.01.2022 - 12:45</p>"}, "pass", 'after "By"'),
    Case(
        "sentence-with-von-is-not-a-byline",
        {"byline": "", "body": "<p>Die Erfolgsgeschichte von Nick Pope begann am Flughafen.</p>"},
        "fail",
        "the name appears only in the story text",
    ),
    Case(
        "embedded-post-shared-by",
        {"byline": "<p>By Jane Roe</p>", "body": "<p>A post shared by Nick Pope (@nickpope)</p>"},
        "fail",
        "the byline names 'Jane Roe' instead; the name appears only in the caption",
    ),
    Case(
        "inline-photo-credit",
        {"byline": "<p>By Jane Roe</p>", "body": "<p>Nick Pope (Photo: Facebook)</p>"},
        "fail",
        "the byline names 'Jane Roe' instead; the name appears only in the caption",
    ),
    Case(
        "numbers-then-name",
        {"byline": "<p>09 03 2025 10 45 Nick Pope</p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "sign-off-in-brackets",
        {"byline": "", "end": "<p>The department did not say when the rule would be reviewed. (Nick Pope)</p>"},
        "pass",
        "signing off the story",
    ),
    Case(
        "bracketed-name-inside-a-paragraph",
        {
            "byline": "",
            "end": "<p>Critics spoke up at once. (Nick Pope) The department said it would answer them in writing.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "meta-line-ending-written-by",
        {
            "byline": '<div class="post-info"><a href="/category/energy/">Energy</a>, <a href="/tag/grid/">Grid</a> '
            "| Published: 5 hours ago | Last updated: 2 hours ago | Written by Nick Pope</div>"
        },
        "pass",
        "author label",
    ),
    Case(
        "written-by-inside-a-meta-sentence",
        {
            "byline": "<p>By Jane Roe</p>",
            "body": "<p>Energy | The report, written by Nick Pope for the "
            "institute, says prices will rise sharply next year.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "teaser-article-inside-the-story",
        {
            "byline": "<p>By Jane Roe</p>",
            "body": '<article class="card"><h3><a href="/2025/01/grid/">Grid '
            'operators warn of summer shortfalls</a></h3><p class="byline">By Nick Pope</p></article>',
        },
        "fail",
        "another story",
    ),
    Case(
        "bio-with-age",
        {"byline": "", "end": "<p>Nick Pope (41) is a reporter for the Daily Caller News Foundation.</p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "redaktion-label",
        {"byline": "<p>12.03.2025 - Redaktion: Nick Pope (Pressesprecher)</p>"},
        "pass",
        "author label",
    ),
    Case(
        "autoren-at-the-end", {"byline": "", "end": "<p>Autoren Nick Pope und Jutta Klein</p>"}, "pass", "author label"
    ),
    Case("erstellt-von", {"byline": "<p>Erstellt von Nick Pope</p>"}, "pass", "author label"),
    Case("label-then-job-title", {"byline": "<p>Autor: Rechtsanwalt Nick Pope</p>"}, "pass", "author label"),
    Case(
        "double-gender-label",
        {"byline": "", "end": "<ul><li>Autorin/Autor Nick Pope</li></ul>"},
        "pass",
        "author label",
    ),
    # names a page shows that are not its byline (issue 14)
    Case(
        "agency-credit-classed-author-in-caption",
        {
            "byline": "",
            "body": '<figure><img src="/a.jpg" alt=""><figcaption>A dam. <span class="author">Nick Pope/AFP</span>'
            "</figcaption></figure>",
        },
        "fail",
        "the name appears only in the caption",
    ),
    Case(
        "byline-classed-author-in-caption",  # an author's picture captioned with the byline: still the byline
        {
            "byline": "",
            "body": '<figure><img src="/nick.jpg" alt=""><figcaption><span class="author">By Nick Pope, reporter'
            "</span></figcaption></figure>",
        },
        "pass",
        "in the byline element",
    ),
    Case(
        "photographer-in-figure-author-element",  # no "By": an author element in a figure's caption credits the photo
        {
            "byline": "",
            "body": '<figure><img src="/dunes.jpg" alt=""><figcaption>Dunes after the storm. <span class="image-byline"'
            ' itemprop="author">Nick Pope</span></figcaption></figure>',
        },
        "fail",
        "the name appears only in the caption",
    ),
    Case(
        "tag-link-in-byline-bar",  # the bar holds a date and tag links; the name is one of the tags
        {
            "byline": '<div class="byline author">May 2 / <a rel="tag" href="/topics/energy">Energy</a> / '
            '<a rel="tag" href="/topics/nick-pope">Nick Pope</a></div>',
        },
        "fail",
        "the name appears only in",
    ),
    Case(
        "author-and-tag-link-in-byline-bar",  # the same name as the author's link and as a tag: a byline
        {
            "byline": '<div class="byline author">By <a rel="author" href="/staff/nick-pope">Nick Pope</a> / '
            '<a rel="tag" href="/topics/nick-pope">Nick Pope</a></div>',
        },
        "pass",
        "in the byline element",
    ),
    Case(
        "category-list-in-byline-block",  # Plone's documentByLine holds the author and the story's categories
        {
            "byline": '<div class="documentByLine"><span>von Ana Ruiz</span><ul id="category">'
            "<li>Nick Pope</li><li>Kirche</li></ul></div>",
        },
        "fail",
        "the name appears only in",
    ),
    Case(
        "tag-list-entry",
        {"byline": "", "end": '<ul class="story-keywords"><li><a href="/nick-pope/">Nick Pope</a></li></ul>'},
        "fail",
        "the name appears only in a tag or topic label",
    ),
    Case(
        "quote-attribution",
        {"byline": "", "body": "<blockquote><p>Water heaters last.</p><cite>Nick Pope</cite></blockquote>"},
        "fail",
        "the name appears only in a quotation",
    ),
    Case(
        "keyword-line",
        {"byline": "", "end": "<p>Schlagworte: Nick Pope : Musik : Sommer</p>"},
        "fail",
        "only in the story text",
    ),
    Case(
        "picture-agency-line",
        {"byline": "<p>By Jane Roe</p>", "body": "<p>Getty Images</p>"},
        "fail",
        "the name appears only in the caption",
        reporter="Getty Images",
    ),
    Case(
        "kicker-over-the-headline",
        {"byline": "", "body": '<p class="article-kicker">Nick Pope</p>'},
        "fail",
        "the name appears only in a tag or topic label",
    ),
    # the shape that made the date test backtrack for seconds: digits and spaces, then a word that is no date
    Case(
        "digits-then-a-word-then-name",
        {"byline": "<p>1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 x Nick Pope</p>"},
        "fail",
        "the name appears only in the story text",
    ),
]


@cases(BYLINE_CASES)
def test_byline(case: Case) -> None:
    check_rule(case, "byline")
