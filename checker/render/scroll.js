// Scroll the page to its end a screen at a time, as a reader would, so that lazy blocks load (at most `steps`
// screens, for at most `budget` ms); back to the top; then wait until the page settles: no new resource for
// `quiet` ms (at most `cap` ms).
async ({ steps, pause, budget, quiet, cap }) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const began = performance.now();
  let screens = 0;
  for (let i = 0; i < steps && performance.now() - began < budget; i += 1) {
    const end = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
    if (i > 0 && window.scrollY + window.innerHeight >= end - 2) break;
    window.scrollBy(0, window.innerHeight);
    screens += 1;
    await sleep(pause);
  }
  if (screens) window.scrollTo(0, 0);
  const start = performance.now();
  let seen = performance.getEntriesByType("resource").length;
  let changed = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  while (performance.now() - start < cap) {
    await sleep(50);
    const now = performance.getEntriesByType("resource").length;
    if (now !== seen) {
      seen = now;
      changed = performance.now();
    } else if (performance.now() - changed >= quiet) {
      break;
    }
  }
  return { screens: screens + 1, resources: seen };
}
