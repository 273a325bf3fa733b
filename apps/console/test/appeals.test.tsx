// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, person, seedBanAppeal } from '../e2e/seed.ts';
import { type ApiHarness, renderConsole, signIn, startApi } from './app-harness.tsx';

configure({ asyncUtilTimeout: 10_000 });

let h: ApiHarness;
beforeEach(async () => {
  h = await startApi();
});
afterEach(async () => {
  cleanup();
  window.location.hash = '';
  await h?.close();
});

async function openAppeals(username: string) {
  renderConsole(h);
  signIn(username);
  fireEvent.click(await screen.findByRole('link', { name: 'Appeals' }));
  await screen.findByRole('heading', { name: 'Appeals', level: 1 });
}

/** The appeal's entry in the list, by the person's own words. */
async function entryOf(text: string) {
  const quote = await screen.findByText(text);
  const entry = quote.closest('article');
  if (!entry) throw new Error('no appeal entry around the text');
  return entry as HTMLElement;
}

async function decide(entry: HTMLElement, button: 'Uphold' | 'Overturn', reason: string) {
  fireEvent.click(within(entry).getByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  const confirm = within(dialog).getByRole('button', { name: button }) as HTMLButtonElement;
  expect(confirm.disabled).toBe(true);
  fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: reason } });
  fireEvent.click(confirm);
  return dialog;
}

describe('appeals', () => {
  it('lists an open ban appeal with what was decided and why; overturning shows the person’s statement and lifts the ban', async () => {
    const banning = await person(h.runtime.core, 'mod', ['moderator']);
    const deciding = await person(h.runtime.core, 'mod', ['moderator']);
    const seeded = await seedBanAppeal(h.runtime, banning);
    await openAppeals(deciding.username);

    const entry = await entryOf(seeded.text);
    expect(entry.textContent).toContain('Appeal against “ban”');
    expect(entry.textContent).toContain(seeded.reason);
    expect(entry.textContent).toContain('About the account');
    expect(within(entry).getByRole('link', { name: 'Actions on this person' }).getAttribute('href')).toBe(
      `#/audit/${seeded.banned.id}`,
    );

    fireEvent.click(within(entry).getByRole('button', { name: 'Overturn' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('lifts the suspension');
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'The quote was not theirs' },
    });
    expect(dialog.textContent).toContain(
      'The person will see: A moderator reviewed your appeal against "ban" and overturned the decision and reversed it. Reason: The quote was not theirs',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Overturn' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await screen.findByText('No open appeals.');
    await expect(
      h.runtime.core.auth.login({ username: seeded.banned.username, password: PASSWORD }),
    ).resolves.toHaveProperty('token');
    const [notice] = await h.runtime.core.moderation.listNotices(seeded.banned.id, { page: 1, limit: 1 });
    expect(notice).toMatchObject({ action: 'appeal_overturned', reason: 'The quote was not theirs' });

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'overturned' } });
    const decided = await entryOf(seeded.text);
    expect(decided.textContent).toContain('The quote was not theirs');
    expect(within(decided).queryByRole('button', { name: 'Uphold' })).toBeNull();
  });

  it('tells the moderator who banned that another must decide (403), and says when it was decided meanwhile (409)', async () => {
    const banning = await person(h.runtime.core, 'mod', ['moderator']);
    const other = await person(h.runtime.core, 'mod', ['moderator']);
    const seeded = await seedBanAppeal(h.runtime, banning);
    await openAppeals(banning.username);

    const dialog = await decide(await entryOf(seeded.text), 'Uphold', 'I stand by it');
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'it is against your own decision (or it is your own appeal). Another moderator must decide it.',
    );
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Someone else decides while the dialog is open: the console says so and drops it from the open list.
    cleanup();
    window.location.hash = '';
    await openAppeals(other.username);
    const entry = await entryOf(seeded.text);
    const third = await person(h.runtime.core, 'mod', ['moderator']);
    await h.runtime.core.appeals.decide(third.actor, {
      id: seeded.appeal.id,
      decision: 'upheld',
      reason: 'Fair',
    });
    const late = await decide(entry, 'Overturn', 'Too late');
    expect((await within(late).findByRole('alert')).textContent).toContain('already been decided');
    await screen.findByText('No open appeals.');
    expect(await h.runtime.core.moderation.listNotices(seeded.banned.id, { page: 1, limit: 1 })).toEqual([
      expect.objectContaining({ action: 'appeal_upheld', reason: 'Fair' }),
    ]);
  });
});
