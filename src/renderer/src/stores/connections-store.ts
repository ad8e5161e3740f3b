import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  CallArgs,
  CertificateCheck,
  ConnectionNotice,
  ConnectionTestResult,
  PasswordStorageInfo,
  PushPayload,
  SaveConnectionResult,
  SavedConnection,
  SessionInfo,
} from '../../../shared/contract';
import type { LabError, Result } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';

/** What the user asked to log in to: a saved connection, or a new address typed into the form. */
export type LoginTarget =
  | { kind: 'saved'; id: string; password?: string }
  | {
      kind: 'new';
      address: string;
      user: string;
      password: string;
      /** Save the connection after a successful login. */
      save?: { label?: string; savePassword: boolean };
    };

/**
 * Where a login attempt stopped. The certificate steps come before any credential is sent: the UI
 * shows the acceptance dialog or the changed-certificate warning and calls login again after the
 * user's explicit decision.
 */
export type LoginStep =
  | { step: 'certificate'; check: CertificateCheck }
  | { step: 'changed'; check: CertificateCheck }
  | { step: 'connected'; session: SessionInfo; saveError: LabError | null }
  | { step: 'error'; error: LabError };

/**
 * Saved vCenter connections, this window's login sessions, certificate trust and the store's notices.
 * Holds no password: passwords pass through login/save/test calls and are not kept here.
 */
export const useConnectionsStore = defineStore('connections', () => {
  const labApi = useLabApi();
  const saved = ref<SavedConnection[]>([]);
  const sessions = ref<SessionInfo[]>([]);
  const notices = ref<ConnectionNotice[]>([]);
  const passwordStorage = ref<PasswordStorageInfo | null>(null);
  /** The last session that ended by itself (expiry, certificate change), to tell the user. */
  const lastEnded = ref<PushPayload<'session.ended'> | null>(null);
  const error = ref<LabError | null>(null);

  const take = <T>(r: Result<T>): T | null => {
    if (r.ok) return r.value;
    error.value = r.error;
    return null;
  };

  async function refresh(): Promise<void> {
    const [list, live, notes, storage] = await Promise.all([
      labApi['connections.list']({}),
      labApi['session.list']({}),
      labApi['connections.notices']({}),
      labApi['connections.passwordStorage']({}),
    ]);
    saved.value = take(list) ?? saved.value;
    sessions.value = take(live) ?? sessions.value;
    notices.value = take(notes) ?? notices.value;
    passwordStorage.value = take(storage) ?? passwordStorage.value;
  }

  async function refreshSaved(): Promise<void> {
    saved.value = take(await labApi['connections.list']({})) ?? saved.value;
  }

  async function refreshSessions(): Promise<void> {
    sessions.value = take(await labApi['session.list']({})) ?? sessions.value;
  }

  function addressOf(target: LoginTarget): string | null {
    if (target.kind === 'new') return target.address;
    return saved.value.find((c) => c.id === target.id)?.address ?? null;
  }

  async function certificateStep(address: string): Promise<LoginStep | null> {
    const r = await labApi['cert.get']({ address });
    if (!r.ok) return { step: 'error', error: r.error };
    if (r.value.trust === 'untrusted') return { step: 'certificate', check: r.value };
    if (r.value.trust === 'changed') return { step: 'changed', check: r.value };
    return null;
  }

  /**
   * Checks the certificate first (nothing else is sent while it is not trusted), then logs in and,
   * for a new connection with "save" ticked, saves it. Returns the step the UI must handle next.
   */
  async function login(target: LoginTarget): Promise<LoginStep> {
    const address = addressOf(target);
    if (address === null) {
      return {
        step: 'error',
        error: { code: 'not-found', message: 'That saved connection no longer exists.' },
      };
    }
    const pending = await certificateStep(address);
    if (pending) return pending;
    const r =
      target.kind === 'saved'
        ? await labApi['connections.connect']({ id: target.id, password: target.password })
        : await labApi['session.login']({ address, user: target.user, password: target.password });
    if (!r.ok) {
      // The certificate changed between the check and the login: show it rather than a bare error.
      if (r.error.code === 'certificate-untrusted' || r.error.code === 'certificate-changed') {
        return (await certificateStep(address)) ?? { step: 'error', error: r.error };
      }
      return { step: 'error', error: r.error };
    }
    let saveError: LabError | null = null;
    if (target.kind === 'new' && target.save) {
      const s = await labApi['connections.save']({
        label: target.save.label || undefined,
        address,
        user: target.user,
        password: target.save.savePassword ? target.password : undefined,
        savePassword: target.save.savePassword,
      });
      if (!s.ok) saveError = s.error;
    }
    await Promise.all([refreshSaved(), refreshSessions()]);
    return { step: 'connected', session: r.value, saveError };
  }

  /** The user accepted a never-seen certificate in the acceptance dialog. */
  async function trust(check: CertificateCheck): Promise<LabError | null> {
    const r = await labApi['cert.trust']({
      address: check.address,
      thumbprint: check.certificate.thumbprint,
    });
    await refreshSaved();
    return r.ok ? null : r.error;
  }

  /** The user deliberately re-trusted a changed certificate from the warning. */
  async function retrust(check: CertificateCheck): Promise<LabError | null> {
    if (!check.trustedThumbprint) return trust(check);
    const r = await labApi['cert.retrust']({
      address: check.address,
      previousThumbprint: check.trustedThumbprint,
      thumbprint: check.certificate.thumbprint,
    });
    await refreshSaved();
    return r.ok ? null : r.error;
  }

  async function logout(vcenterId: string): Promise<void> {
    take(await labApi['session.logout']({ vcenterId }));
    await refreshSessions();
  }

  async function save(args: CallArgs<'connections.save'>): Promise<Result<SaveConnectionResult>> {
    const r = await labApi['connections.save'](args);
    if (r.ok) await refreshSaved();
    return r;
  }

  async function update(args: CallArgs<'connections.update'>): Promise<Result<SaveConnectionResult>> {
    const r = await labApi['connections.update'](args);
    if (r.ok) await refreshSaved();
    return r;
  }

  async function remove(id: string): Promise<void> {
    take(await labApi['connections.delete']({ id }));
    await refreshSaved();
  }

  function test(args: CallArgs<'connections.test'>): Promise<Result<ConnectionTestResult>> {
    return labApi['connections.test'](args);
  }

  async function dismissNotice(id: string): Promise<void> {
    take(await labApi['connections.dismissNotice']({ id }));
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  /** Opting in is only called after the user confirmed `passwordStorage.weakStorageWarning`. */
  async function allowWeakStorage(allow: boolean): Promise<void> {
    const r = await labApi['connections.allowWeakPasswordStorage']({ allow, acknowledged: allow });
    passwordStorage.value = take(r) ?? passwordStorage.value;
    await refreshSaved();
  }

  labApi.on('connections.changed', () => void refreshSaved());
  labApi.on('connections.notice', (n) => {
    if (!notices.value.some((x) => x.id === n.id)) notices.value = [...notices.value, n];
  });
  labApi.on('session.ended', (e) => {
    sessions.value = sessions.value.filter((s) => s.vcenterId !== e.vcenterId);
    lastEnded.value = e;
  });
  labApi.on('lab.reloaded', () => void refresh());

  return {
    saved,
    sessions,
    notices,
    passwordStorage,
    lastEnded,
    error,
    refresh,
    refreshSaved,
    refreshSessions,
    login,
    trust,
    retrust,
    logout,
    save,
    update,
    remove,
    test,
    dismissNotice,
    allowWeakStorage,
  };
});
