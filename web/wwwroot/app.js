// Progressive enhancements only: every page works without this file (docs/decisions/0006).

// <time data-countdown="ISO instant">: ticks down to the instant; the server-rendered text stays when scripts are off.
function tick() {
  const now = Date.now();
  for (const element of document.querySelectorAll("time[data-countdown]")) {
    const left = Math.max(0, Math.floor((Date.parse(element.dataset.countdown) - now) / 1000));
    const hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    const text = (hours > 0 ? hours + ":" : "") + String(minutes).padStart(2, "0") + ":" + String(seconds).padStart(2, "0");
    if (element.textContent !== text) element.textContent = text;
  }
}

// <button data-copy="text">: copies a share link; falls back to selecting the text beside it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    button.textContent = "已复制";
  } catch {
    const input = document.getElementById(button.getAttribute("aria-controls"));
    input?.select();
  }
});

// An image whose host cannot be reached is hidden, so the tile's tinted initial shows instead of a broken-image icon.
function hideBroken(image) {
  image.style.visibility = "hidden";
}
document.addEventListener("error", (event) => {
  if (event.target instanceof HTMLImageElement) hideBroken(event.target);
}, true);
function hideAlreadyBroken() {
  for (const image of document.images) if (image.complete && image.naturalWidth === 0) hideBroken(image);
}

tick();
hideAlreadyBroken();
setInterval(tick, 1000);
// Blazor's enhanced navigation patches the page in place: new images and countdowns arrive without a page load.
window.Blazor?.addEventListener?.("enhancedload", () => { tick(); hideAlreadyBroken(); });
