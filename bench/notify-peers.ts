import {
  generateApnsKey,
  generateFcmServiceAccount,
  signApnsProviderToken,
  startApnsPeer,
  startFcmPeer,
} from '../apps/worker/test/peers.ts';

/**
 * Child process of bench/notify.bench.ts: the local FCM and APNs peers (the same protocol peers
 * the tests use), on their own CPU time. Reports the push count to the parent every 250 ms.
 */
const account = generateFcmServiceAccount('wbn-bench');
const key = generateApnsKey();
const fcm = await startFcmPeer({ account, staticBearer: 'bench-baseline' });
const apns = await startApnsPeer({ key });
let baseline = 0;
/** Baseline requests (token "baseline…") are answered and counted apart from the worker's pushes. */
const baselineResponder = (push: { token: string }) => {
  if (!push.token.startsWith('baseline')) return undefined;
  baseline++;
  return { status: 200, body: {} };
};
fcm.state.responder = baselineResponder;
apns.state.responder = baselineResponder;

const send = (message: unknown) => process.send?.(message);
send({
  type: 'ready',
  env: {
    FCM_SERVICE_ACCOUNT: JSON.stringify(account.serviceAccount),
    FCM_ENDPOINT: fcm.endpoint,
    FCM_OAUTH_TOKEN_URL: fcm.tokenUrl,
    APNS_KEY: key.key,
    APNS_KEY_ID: key.keyId,
    APNS_TEAM_ID: key.teamId,
    APNS_TOPIC: key.topic,
    APNS_ENDPOINT: apns.endpoint,
  },
  topic: key.topic,
  // A valid provider token for the bare-client baseline, so it exercises the same verification path.
  apnsBearer: await signApnsProviderToken(key),
});
let total = 0;
setInterval(() => {
  total += fcm.log.pushes.length + apns.log.pushes.length;
  const counts = [...fcm.log.counts.values(), ...apns.log.counts.values()];
  send({
    type: 'count',
    pushes: total,
    devices: counts.length,
    duplicates: counts.filter((c) => c > 1).length,
    rejected: fcm.log.rejected.length + apns.log.rejected.length,
    baseline,
  });
  // Keep the peer's own memory flat: the counts per token are what the benchmark checks.
  fcm.log.pushes.length = 0;
  apns.log.pushes.length = 0;
}, 250).unref();
process.on('disconnect', () => process.exit(0));
