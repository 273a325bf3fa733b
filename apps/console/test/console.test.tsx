// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, person, seedCrisisPost, seedQueue } from '../e2e/seed.ts';
import { type ApiHarness, consoleFor, renderConsole, signIn, startApi } from './app-harness.tsx';

// A loaded machine can take seconds to sign in and load a queue; the default 1 s is for fast laptops.
configure({ asyncUtilTimeout: 10_000 });

// Each test gets its own server and database, so queues seeded by one test never show up in another.
let h: ApiHarness;
beforeEach(async () => {
  h = await startApi();
});
afterEach(async () => {
  cleanup();
  window.location.hash = '';
  await h?.close();
});

describe('sign-in', () => {
  it('shows a wrong password as an alert and stays on the form', async () => {
    const member = await person(h.runtime.core, 'member');
    renderConsole(h);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: member.username } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'not the password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Username or password is incorrect');
  });

  it('tells a member "You need moderator rights" and shows nothing else', async () => {
    const member = await person(h.runtime.core, 'member');
    renderConsole(h);
    signIn(member.username);
    await screen.findByRole('heading', { name: 'You need moderator rights' });
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Report queue' })).toBeNull();
  });
});

describe('the queue', () => {
  it('asks for a reason before h hides the selected item, then drops it from the open queue', async () => {
    const { spam } = await seedQueue(h.runtime);
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    renderConsole(h);
    signIn(moderator.username);
    await screen.findByText(spam.content);

    fireEvent.keyDown(window, { key: 'h' });
    const dialog = await screen.findByRole('dialog');
    const hide = within(dialog).getByRole('button', { name: 'Hide' }) as HTMLButtonElement;
    expect(hide.disabled).toBe(true);
    // The reason field has focus, so typing "d" there is text, not a command.
    const reason = within(dialog).getByLabelText(/Reason/);
    expect(document.activeElement).toBe(reason);
    fireEvent.keyDown(reason, { key: 'd' });
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    fireEvent.change(reason, { target: { value: 'Advertising' } });
    expect(dialog.textContent).toContain('A moderator hid your post. Reason: Advertising');
    fireEvent.click(hide);

    await waitFor(() => expect(screen.queryByText(spam.content)).toBeNull());
    const notices = await h.runtime.core.moderation.listNotices(spam.author.id, { page: 1, limit: 5 });
    expect(notices[0]).toMatchObject({ action: 'hide', reason: 'Advertising' });
  });

  it('lists crisis language first, labelled for reaching out, reported by the system and not as hidden', async () => {
    const { categoryId, spam } = await seedQueue(h.runtime);
    const crisis = await seedCrisisPost(h.runtime, categoryId);
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    renderConsole(h);
    signIn(moderator.username);
    await screen.findByText(crisis.content);
    const [first, second] = document.querySelectorAll('ol.queue > li');
    expect(first?.textContent).toContain(crisis.content);
    expect(first?.textContent).toContain('Crisis language — reach out');
    expect(first?.textContent).toContain('crisis-language (reported by the system)');
    expect(first?.textContent).not.toContain('Hidden pending review');
    expect(second?.textContent).toContain(spam.content);
    expect(second?.textContent).toContain('Hidden pending review');
    expect(second?.textContent).not.toContain('Crisis language');
  });

  it('Escape cancels the dialog without acting', async () => {
    const { spam } = await seedQueue(h.runtime);
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    renderConsole(h);
    signIn(moderator.username);
    await screen.findByText(spam.content);
    fireEvent.keyDown(window, { key: 'd' });
    fireEvent.keyDown(await screen.findByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await h.runtime.core.moderation.listNotices(spam.author.id, { page: 1, limit: 5 })).toEqual([
      expect.objectContaining({ action: 'auto_hide' }),
    ]);
  });
});

describe('the session', () => {
  it('refreshes an expired access token once and retries; a dead refresh token signs out', async () => {
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    const login = await h.runtime.core.auth.login({ username: moderator.username, password: PASSWORD });
    const { api, store } = consoleFor(h);
    store.set({ token: 'expired-or-garbage', refreshToken: login.refresh_token, user: login.user });
    await expect(api.moderation.reports.query({})).resolves.toBeInstanceOf(Array);
    const refreshed = store.get();
    expect(refreshed?.token).not.toBe('expired-or-garbage');
    expect(refreshed?.refreshToken).not.toBe(login.refresh_token);

    store.set({ token: 'garbage-again', refreshToken: login.refresh_token, user: login.user });
    await expect(api.moderation.reports.query({})).rejects.toThrow();
    expect(store.get()).toBeUndefined();
  });
});
