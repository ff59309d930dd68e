
(function () {
  "use strict";
  document.documentElement.className += " js";
  var data = JSON.parse(document.getElementById("data").textContent);
  var S = data.strings, RULES = data.rules, HOSTS = data.hosts, PAGES = data.pages, STEP = data.step;
  var KINDS = [
    ["pass", "\u2713 pass", "pass", "the rule passed"],
    ["fail", "\u2717 fail", "fail", "failed: this makes the page non-compliant"],
    ["warning", "\u26a0 warning", "fail", "failed below the threshold: reported, the page is not failed for it"],
    ["baselined", "\u26a0 baselined", "fail", "a failure the baseline knows: reported, failing nothing"],
    ["error", "! error", "error", "could not be checked"],
    ["skip", "\u2013 skip", "skip", "not applicable to this run"],
    ["info", "\u2139 info", "fail", "an informational rule not met: reported, never a failure"]
  ];
  var SEVERITIES = ["error", "warning", "info"];
  var PAGE = [["pass", "\u2713 compliant"], ["fail", "\u2717 non-compliant"], ["error", "! not checked"]];
  var NAME = 0, TARGET = 1, TITLE = 2, HOST = 3, STATUS = 4, ORIGINAL = 5, ERROR = 6, HTTP = 7, CELLS = 8, SHOTS = 9;

  function byId(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, key) && attrs[key] !== null && attrs[key] !== undefined) {
          node.setAttribute(key, String(attrs[key]));
        }
      }
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function isWeb(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }
  function link(url, text, cls) {
    if (!isWeb(url)) return el("span", cls ? {"class": cls} : null, text);
    return el("a", {href: url, rel: "noopener noreferrer", target: "_blank", "class": cls || null}, text);
  }

  var hostIndex = {}, ruleIndex = {};
  HOSTS.forEach(function (host, i) { hostIndex[host] = i; });
  RULES.forEach(function (rule, i) { ruleIndex[rule[0]] = i; });
  var perHost = HOSTS.map(function () { return 0; });
  PAGES.forEach(function (p) { perHost[p[HOST]] += 1; });

  var siteSel = byId("filter-site"), ruleSel = byId("filter-rule"), statusSel = byId("filter-status");
  var search = byId("search"), tbody = document.querySelector("#pages tbody");
  var countEl = byId("pages-count"), moreBtn = byId("show-more");
  HOSTS.forEach(function (host, i) {
    siteSel.appendChild(el("option", {value: host}, host + " (" + num(perHost[i]) + ")"));
  });

  var state = {site: "", rule: "", status: "", q: ""};
  var matched = [], shown = 0, written = null, hay = null, timer = null;

  function haystack(i) {
    if (hay === null) {
      hay = PAGES.map(function (p) {
        return (p[NAME] + "\n" + S[p[TARGET]] + "\n" + S[p[TITLE]]).toLowerCase();
      });
    }
    return hay[i];
  }

  function filter() {
    var site = state.site ? hostIndex[state.site] : -1;
    var rule = state.rule ? ruleIndex[state.rule] : -1;
    var status = state.status, q = state.q.toLowerCase();
    matched = [];
    for (var i = 0; i < PAGES.length; i++) {
      var p = PAGES[i];
      if (site >= 0 && p[HOST] !== site) continue;
      if (rule >= 0) {
        var cell = p[CELLS][rule];
        var st = cell ? KINDS[cell[0] & 7][2] : "none";
        if (status ? st !== status : (st !== "fail" && st !== "error")) continue;
      } else if (status && PAGE[p[STATUS]][0] !== status) {
        continue;
      }
      if (q && haystack(i).indexOf(q) < 0) continue;
      matched.push(i);
    }
    tbody.textContent = "";
    shown = 0;
    if (!matched.length) {
      var td = el("td", {colspan: 2 + RULES.length, "class": "empty"}, "No page matches these filters.");
      var tr = el("tr", {"class": "no-match"});
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    more();
  }

  function more() {
    var fragment = document.createDocumentFragment();
    var end = Math.min(matched.length, shown + STEP);
    for (; shown < end; shown++) fragment.appendChild(pageRow(matched[shown]));
    tbody.appendChild(fragment);
    countEl.textContent = num(matched.length) + " of " + num(PAGES.length) + " pages" +
      (shown < matched.length ? " (showing the first " + num(shown) + ")" : "");
    var left = matched.length - shown;
    moreBtn.hidden = left <= 0;
    moreBtn.textContent = "Show " + num(Math.min(STEP, left)) + " more (" + num(left) + " not shown)";
  }

  function pageRow(i) {
    var p = PAGES[i], status = PAGE[p[STATUS]];
    var tr = el("tr", {"class": "page-row", "data-index": i, "data-url": p[NAME], "data-host": HOSTS[p[HOST]],
                       "data-status": status[0]});
    var first = el("td", {"class": "page"});
    first.appendChild(el("button", {type: "button", "class": "toggle", "aria-expanded": "false",
                                    "aria-label": "Details of this page"}, "\u25b8"));
    var title = S[p[TITLE]];
    first.appendChild(link(p[NAME], title || p[NAME], "page-title"));
    if (title) first.appendChild(el("span", {"class": "url", title: p[NAME]}, p[NAME]));
    if (p[ERROR]) first.appendChild(el("span", {"class": "reason"}, S[p[ERROR]]));
    tr.appendChild(first);
    tr.appendChild(el("td", {"class": "status st-" + status[0], "data-status": status[0]}, status[1]));
    for (var j = 0; j < RULES.length; j++) {
      var cell = p[CELLS][j];
      if (!cell) {
        tr.appendChild(el("td", {"class": "cell k-none", "data-rule": RULES[j][0], "data-status": "none"},
                          "\u00b7 n/a"));
        continue;
      }
      var kind = KINDS[cell[0] & 7];
      tr.appendChild(el("td", {"class": "cell k-" + kind[0], "data-rule": RULES[j][0], "data-status": kind[2],
                               "data-kind": kind[0], title: kind[3] + ": " + S[cell[1]]}, kind[1]));
    }
    return tr;
  }

  function field(dl, label, value, code) {
    if (!value) return;
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (code) dd.appendChild(el("code", null, value)); else dd.textContent = value;
    dl.appendChild(dd);
  }

  function detailRow(i) {
    var p = PAGES[i];
    var tr = el("tr", {"class": "page-detail"});
    var td = el("td", {colspan: 2 + RULES.length});
    var box = el("div", {"class": "detail"});
    box.appendChild(el("h3", null, S[p[TITLE]] || p[NAME]));
    var where = el("p", {"class": "links"});
    where.appendChild(document.createTextNode("Page: "));
    where.appendChild(link(p[NAME], p[NAME], "page-link"));
    box.appendChild(where);
    if (p[TARGET]) box.appendChild(el("p", null, "Checked as: " + S[p[TARGET]]));
    if (p[ORIGINAL]) {
      var orig = el("p", {"class": "links"});
      orig.appendChild(document.createTextNode("Original: "));
      orig.appendChild(link(S[p[ORIGINAL]], S[p[ORIGINAL]], "original-link"));
      box.appendChild(orig);
    }
    var facts = [HOSTS[p[HOST]], PAGE[p[STATUS]][1]];
    if (p[HTTP]) facts.push("HTTP " + p[HTTP]);
    box.appendChild(el("p", {"class": "muted"}, facts.join(" \u00b7 ")));
    if (p[ERROR]) box.appendChild(el("p", {"class": "page-error"}, "Could not be checked: " + S[p[ERROR]]));
    var shots = {};  // rule index -> the picture --screenshots took of what it rests on (or of the failing page)
    (p[SHOTS] || []).forEach(function (pair) { shots[pair[0]] = S[pair[1]]; });
    for (var j = 0; j < RULES.length; j++) {
      var cell = p[CELLS][j];
      if (!cell) continue;
      var kind = KINDS[cell[0] & 7];
      var block = el("div", {"class": "rule-detail k-" + kind[0], "data-rule": RULES[j][0]});
      var h = el("h4");
      h.appendChild(el("span", {"class": "rule-id"}, RULES[j][0]));
      if (RULES[j][1]) h.appendChild(document.createTextNode(" \u2014 " + RULES[j][1]));
      h.appendChild(el("span", {"class": "badge k-" + kind[0]}, kind[1]));
      h.appendChild(el("span", {"class": "muted"}, " severity " + SEVERITIES[cell[0] >> 3]));
      block.appendChild(h);
      block.appendChild(el("p", {"class": "message"}, S[cell[1]]));
      var dl = el("dl");
      var path = cell[2] || 0;
      field(dl, "where", Array.isArray(path) ? path.map(function (k) { return S[k]; }).join(" > ") : S[path], true);
      field(dl, "snippet", S[cell[3] || 0], true);
      field(dl, "looked for", S[cell[4] || 0], false);
      if (cell.length > 5) {
        dl.appendChild(el("dt", null, "also"));
        var dd = el("dd"), ul = el("ul");
        for (var k = 5; k < cell.length; k++) ul.appendChild(el("li", null, S[cell[k]]));
        dd.appendChild(ul);
        dl.appendChild(dd);
      }
      if (dl.firstChild) block.appendChild(dl);
      if (shots[j]) {
        var figure = el("figure", {"class": "shot"});
        var picture = el("a", {"href": shots[j]});
        picture.appendChild(el("img", {"src": shots[j], "loading": "lazy", "alt": "screenshot: " + RULES[j][0]}));
        figure.appendChild(picture);
        figure.appendChild(el("figcaption", {"class": "muted"}, kind[0] === "pass" ? "What it rests on, as the browser drew it" : "The page, as the browser drew it"));
        block.appendChild(figure);
      }
      box.appendChild(block);
    }
    td.appendChild(box);
    tr.appendChild(td);
    return tr;
  }

  function toggle(tr) {
    var button = tr.querySelector(".toggle");
    var next = tr.nextElementSibling;
    if (next && next.classList.contains("page-detail")) {
      next.parentNode.removeChild(next);
      tr.classList.remove("open");
      button.setAttribute("aria-expanded", "false");
      button.textContent = "\u25b8";
    } else {
      tr.parentNode.insertBefore(detailRow(Number(tr.getAttribute("data-index"))), next);
      tr.classList.add("open");
      button.setAttribute("aria-expanded", "true");
      button.textContent = "\u25be";
    }
  }

  tbody.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("a")) return;
    var tr = target.closest("tr.page-row");
    if (tr) toggle(tr);
  });

  function statusLabel() {
    statusSel.options[0].textContent = state.rule ? "failed or error" : "any status";
  }

  function readHash() {
    var raw = location.hash.replace(/^#/, "");
    if (raw.indexOf("=") < 0 && raw !== "") return false;
    var params = new URLSearchParams(raw);
    var site = params.get("site") || "", rule = params.get("rule") || "", status = params.get("status") || "";
    state.site = Object.prototype.hasOwnProperty.call(hostIndex, site) ? site : "";
    state.rule = Object.prototype.hasOwnProperty.call(ruleIndex, rule) ? rule : "";
    state.status = /^(pass|fail|error|skip)$/.test(status) ? status : "";
    state.q = params.get("q") || "";
    siteSel.value = state.site;
    ruleSel.value = state.rule;
    statusSel.value = state.status === "skip" ? "" : state.status;
    search.value = state.q;
    statusLabel();
    return true;
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (state.site) params.set("site", state.site);
    if (state.rule) params.set("rule", state.rule);
    if (state.status) params.set("status", state.status);
    if (state.q) params.set("q", state.q);
    written = params.toString();
    var hash = written ? "#" + written : "";
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      location.replace(hash || "#");
    }
  }

  function changed() {
    state.site = siteSel.value;
    state.rule = ruleSel.value;
    state.status = statusSel.value;
    state.q = search.value.trim();
    statusLabel();
    writeHash();
    filter();
  }

  siteSel.addEventListener("change", changed);
  ruleSel.addEventListener("change", changed);
  statusSel.addEventListener("change", changed);
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(changed, PAGES.length > 5000 ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); changed(); }
  });
  byId("clear-filters").addEventListener("click", function () {
    siteSel.value = ruleSel.value = statusSel.value = search.value = "";
    changed();
  });
  moreBtn.addEventListener("click", more);
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") === written) return;
    if (readHash()) {
      written = location.hash.replace(/^#/, "");
      filter();
      byId("pages").scrollIntoView();
    }
  });
  var sitesBtn = byId("show-sites");
  if (sitesBtn) {
    sitesBtn.addEventListener("click", function () {
      byId("more-sites").hidden = false;
      sitesBtn.hidden = true;
    });
  }

  readHash();
  written = location.hash.replace(/^#/, "");
  filter();
})();
