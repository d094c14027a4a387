import type { LaunchView } from '../../../../domain/lti/land-launch.js';
import { html, safeUrl, type SafeHtml } from '../../../html/html.js';

const page = (title: string, body: SafeHtml) =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main>${body}</main></body></html>`.value;

/** The instructor's choice after a deep-linking launch: which achievement to place, at which score. */
export function deepLinkPickerPage(state: string, achievements: Array<{ id: string; name: string }>): string {
  return page('Place a badge', html`<h1>Place a badge in this course</h1>
<form method="post" action="/lti/deep-link">
<input type="hidden" name="state" value="${state}">
<fieldset><legend>Achievement</legend>
${achievements.map((a, i) => html`<div><input type="radio" name="achievementId" id="a${i}" value="${a.id}"${i === 0 ? html` checked` : ''}><label for="a${i}">${a.name}</label></div>`)}
</fieldset>
<div><label for="threshold">Award when the score reaches (% of the maximum)</label> <input id="threshold" name="threshold" type="number" min="1" max="100" value="80" required></div>
<button type="submit">Place this badge</button>
</form>`);
}

/** The Deep Linking response: a form that posts the signed JWT back to the platform. */
export function deepLinkReturnPage(returnUrl: string, jwt: string): string {
  return page('Returning to the course', html`<form method="post" action="${safeUrl(returnUrl)}" id="return">
<input type="hidden" name="JWT" value="${jwt}">
<p>The badge is placed. <button type="submit">Return to the course</button></p>
</form>`);
}

/** A launch's landing page inside the LMS: the learner's badge, with its claim and wallet options. */
export function launchPage(view: LaunchView, links: { credentialPage(id: string): string; backpack: string }): string {
  const title = view.achievementName ?? 'Laurel';
  let body: SafeHtml;
  if (!view.achievementName) body = html`<p>No badge is placed at this link yet.</p>`;
  else if (view.credential) {
    body = html`<p>You have earned this badge.</p>
<ul><li><a href="${safeUrl(links.credentialPage(view.credential.id))}" target="_blank" rel="noopener">View and share your badge</a></li>
<li><a href="${safeUrl(links.backpack)}" target="_blank" rel="noopener">Claim it in your backpack, or add it to a wallet</a></li></ul>`;
  } else if (view.instructor) body = html`<p>Learners whose score reaches the threshold receive this badge.</p>`;
  else body = html`<p>Reach the required score on this activity to earn this badge.</p>${view.synced ? '' : html`<p>Your scores could not be read just now; they will be checked again.</p>`}`;
  return page(title, html`<h1>${title}</h1>${body}`);
}
