// A k6 load test of prc's edge: signed webhook deliveries at a steady rate, as GitHub sends them
// during a busy hour. Each delivery is a push to a branch that is not the default, so prc
// verifies the signature, records the delivery, runs its delivery job and calls GitHub for
// nothing: safe against a staging prc that has real App credentials.
//
//   TARGET_URL=https://prc-staging.example.com WEBHOOK_SECRET=... k6 run deploy/loadtest/webhook.k6.js
//
// RATE (deliveries per second, default 50) and DURATION (default 5m) change the load. The
// thresholds are prc's promise: deliveries answered within milliseconds and none lost.
import http from 'k6/http';
import crypto from 'k6/crypto';
import { check } from 'k6';

const base = __ENV.TARGET_URL || 'http://localhost:8080';
const secret = __ENV.WEBHOOK_SECRET;
if (!secret) {
  throw new Error('set WEBHOOK_SECRET to the webhook secret of the prc under test');
}

export const options = {
  scenarios: {
    deliveries: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 50),
      timeUnit: '1s',
      duration: __ENV.DURATION || '5m',
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<100', 'p(99)<250'],
    checks: ['rate>0.999'],
  },
};

// payload is a push event to a branch prc ignores, on a repository whose default branch is main.
function payload(n) {
  return JSON.stringify({
    ref: `refs/heads/prc-loadtest-${n}`,
    before: '0000000000000000000000000000000000000000',
    after: '1111111111111111111111111111111111111111',
    deleted: false,
    repository: {
      id: 1, name: 'loadtest', full_name: 'prc-loadtest/loadtest',
      default_branch: 'main', owner: { login: 'prc-loadtest' },
    },
    installation: { id: 1 },
    commits: [],
  });
}

export default function () {
  const n = `${__VU}-${__ITER}`;
  const body = payload(n);
  const res = http.post(`${base}/api/github/webhook`, body, {
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'push',
      'X-GitHub-Delivery': `loadtest-${Date.now()}-${n}`,
      'X-GitHub-Hook-ID': '1',
      'X-Hub-Signature-256': `sha256=${crypto.hmac('sha256', secret, body, 'hex')}`,
    },
    tags: { route: 'webhook' },
  });
  check(res, { 'delivery accepted (202)': (r) => r.status === 202 });
}
