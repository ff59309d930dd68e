// Scroll the page to its end a screen at a time, as a reader would, so that lazy blocks load (at most `steps`
// screens, for at most `budget` ms); back to the top; then wait until the page settles: no new resource for
// `quiet` ms (at most `cap` ms). Scrolls through document.scrollingElement, not window.scrollTo: pages define
// global functions of that name. A page whose own code breaks the scroll is still read as it stands.
async ({ steps, pause, budget, quiet, cap }) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const began = performance.now();
  const scroller = document.scrollingElement || document.documentElement;
  let screens = 0;
  let problem = null;
  try {
    for (let i = 0; i < steps && performance.now() - began < budget; i += 1) {
      const screen = document.documentElement.clientHeight || 800;
      if (i > 0 && scroller.scrollTop + screen >= scroller.scrollHeight - 2) break;
      scroller.scrollTop += screen;
      screens += 1;
      await sleep(pause);
    }
    if (screens) scroller.scrollTop = 0;
  } catch (error) {
    problem = String(error);
  }
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
  return { screens: screens + 1, resources: seen, problem };
}
