// The data pages: clicking a day of an HR-entered year fills the "修改某一天" form (no inline script: the CSP).
document.addEventListener("click", (event) => {
  const pick = event.target.closest("[data-pick-day]");
  if (!pick) return;
  const form = document.getElementById("day-form");
  if (!form) return;
  form.querySelector("input[name=day]").value = pick.dataset.pickDay;
  // Offer the other state: a working day is usually clicked to make it a day off, and the reverse.
  const want = pick.dataset.workday === "1" ? "0" : "1";
  const radio = form.querySelector(`input[name=workday][value="${want}"]`);
  if (radio) radio.checked = true;
  form.querySelector("input[name=name]").focus();
});
