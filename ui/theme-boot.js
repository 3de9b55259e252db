// @ts-check
// Sets the theme before the first paint. A classic script in <head> (a module would wait for the
// whole page), so a dark window never flashes light at start. prefs.js keeps it up to date after.
// The key and the values are prefs.js's; keep the two in step.
(function () {
  var choice = "system";
  try {
    choice = window.localStorage.getItem("rapport.theme") || "system";
  } catch (e) {
    // Storage refused: follow the system.
  }
  var dark = choice === "dark" || (choice !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
})();
