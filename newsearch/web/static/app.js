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

// The entity page's curation form: a JSON POST to /api/curation, then the page of the result.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "curation") return;
  event.preventDefault();
  var status = document.getElementById("curate-status");
  var body = {
    action: form.elements.action.value,
    field: form.dataset.field,
    name: form.dataset.name,
    target: form.elements.target.value
  };
  status.textContent = "Saving…";
  fetch("/api/curation", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body)
  }).then(function (response) {
    return response.json().then(function (data) { return { ok: response.ok, data: data }; });
  }).then(function (result) {
    if (!result.ok) {
      status.textContent = "Not saved: " + (result.data.error || "error");
      return;
    }
    status.textContent = "Saved: " + result.data.added;
    window.location.assign(result.data.url);
  }).catch(function () {
    status.textContent = "Not saved: the server did not answer";
  });
});
