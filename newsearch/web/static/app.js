// Progressive enhancement only: keep URLs short by not submitting empty date fields.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "searchform") return;
  Array.prototype.forEach.call(form.elements, function (el) {
    if ((el.name === "since" || el.name === "until") && !el.value) el.disabled = true;
  });
  setTimeout(function () {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
  }, 0);
});
