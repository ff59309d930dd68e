// What a reader of this viewport sees: marks each element the browser does not show with data-repcheck-hidden
// (and why), records the page box of images as data-repcheck-box="x,y,w,h", and returns the document as rendered.
// Run by checker/render/browser_page.py through Playwright's wait_for_function (so a busy page times out).
(viewport) => {
  const MARK = "data-repcheck-hidden";
  const BOX = "data-repcheck-box";
  const VIEW = "data-repcheck-viewport";
  for (const el of document.querySelectorAll(`[${MARK}],[${BOX}]`)) {
    el.removeAttribute(MARK);
    el.removeAttribute(BOX);
  }
  const root = document.documentElement;
  const scroller = document.scrollingElement || root;  // not window.scrollX: pages redefine window's names
  const pageWidth = Math.max(root.scrollWidth, root.clientWidth);
  const pageHeight = Math.max(root.scrollHeight, root.clientHeight);
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "TITLE", "BR", "WBR"]);
  const BOXED = new Set(["IMG", "SVG", "PICTURE", "OBJECT", "EMBED", "CANVAS", "VIDEO", "IFRAME"]);
  const px = (value) => parseFloat(value) || 0;

  const ownText = (el) => {
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.nodeValue.trim()) return true;
    }
    return false;
  };
  const anyDescendant = (el, test) => {
    for (const child of el.querySelectorAll("*")) {
      if (test(getComputedStyle(child))) return true;
    }
    return false;
  };
  const clippedToNothing = (style) => {
    const clip = style.clip;
    if (clip && clip.startsWith("rect(") && (style.position === "absolute" || style.position === "fixed")) {
      const [top, right, bottom, left] = clip.slice(5, -1).split(/[ ,]+/).map(px);
      if (bottom - top <= 1 && right - left <= 1) return true;
    }
    const path = style.clipPath || "";
    return /^inset\(\s*50%/.test(path) || /^(circle|ellipse)\(0(px)?[ )]/.test(path);
  };

  function why(el, style) {
    if (style.display === "none") return "not displayed in the browser (display: none)";
    if (px(style.opacity) < 0.01 && style.opacity !== "") return `opacity ${style.opacity} (transparent)`;
    if (style.visibility === "hidden" || style.visibility === "collapse") {
      if (!anyDescendant(el, (s) => s.visibility === "visible")) return `visibility: ${style.visibility}`;
    }
    if (style.display === "contents") return null;
    if (clippedToNothing(style)) return "clipped to nothing (clip / clip-path)";
    const rect = el.getBoundingClientRect();
    const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
    if (clips && (rect.width <= 1 || rect.height <= 1)) {
      return `drawn at ${Math.round(rect.width)}×${Math.round(rect.height)} px with its overflow clipped`;
    }
    if (rect.width > 0 && rect.height > 0) {
      const left = rect.left + scroller.scrollLeft;
      const top = rect.top + scroller.scrollTop;
      if (left + rect.width <= 0 || top + rect.height <= 0 || left >= pageWidth || top >= pageHeight) {
        return `outside the page (at ${Math.round(left)},${Math.round(top)} px)`;
      }
    }
    if (ownText(el)) {
      if (px(style.textIndent) <= -999 && clips) return `text pushed off the page (text-indent: ${style.textIndent})`;
      if (px(style.fontSize) === 0 && !anyDescendant(el, (s) => px(s.fontSize) > 0)) return "font-size 0";
    }
    return null;
  }

  let hidden = 0;
  function visit(el) {
    if (SKIP.has(el.tagName.toUpperCase())) return;
    const style = getComputedStyle(el);
    const reason = why(el, style);
    if (reason) {
      el.setAttribute(MARK, `${reason} on the ${viewport}`);
      hidden += 1;
      return;  // a hidden element hides everything inside it
    }
    if (BOXED.has(el.tagName.toUpperCase())) {
      const rect = el.getBoundingClientRect();
      const box = [rect.left + scroller.scrollLeft, rect.top + scroller.scrollTop, rect.width, rect.height];
      el.setAttribute(BOX, box.map(Math.round).join(","));
    }
    for (const child of el.children) visit(child);
  }
  if (document.body) visit(document.body);
  root.setAttribute(VIEW, viewport);
  const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : "";
  return { html: doctype + root.outerHTML, hidden, charset: document.characterSet, url: location.href };
}
