// --render with reference logos: mark the images a reader sees, at most `limit`, for screenshots of their boxes.
// Images are <img>, <svg>, role=img elements and elements drawn with a CSS background image; the likeliest logos
// first (SVG, then images that are no JPEG, then backgrounds, then the rest). Each marked element gets
// `mark` = token:number, and a background its image's URL in `background`. Returns how many were marked.
({ mark, background, token, limit }) => {
  for (const el of document.querySelectorAll(`[${mark}], [${background}]`)) {
    el.removeAttribute(mark);
    el.removeAttribute(background);
  }
  const found = [];
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    const tag = el.tagName.toLowerCase();
    if (el.closest("svg") && tag !== "svg") continue;
    let rank = null;
    let url = null;
    if (tag === "svg") rank = 0;
    else if (tag === "img") rank = /\.jpe?g(\?|#|$)/i.test(el.currentSrc || el.src || "") ? 3 : 1;
    else if (el.getAttribute("role") === "img") rank = 2;
    else {
      const image = getComputedStyle(el).backgroundImage || "";
      const match = image.match(/url\(["']?([^"')]+)["']?\)/);
      if (match) { rank = 2; url = match[1]; }
    }
    if (rank === null) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 8 || box.height < 8 || box.width > 1600 || box.height > 1200) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
    found.push({ el, rank, url, order: found.length });
  }
  found.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const taken = found.slice(0, limit);
  taken.forEach((item, i) => {
    item.el.setAttribute(mark, `${token}:${i}`);
    if (item.url) item.el.setAttribute(background, item.url);
  });
  return taken.length;
}
