import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  scenarios: {
    peak: { executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', preAllocatedVUs: 200,
      stages: [{ target: 300, duration: '5m' }, { target: 300, duration: '20m' }, { target: 0, duration: '2m' }] },
  },
  thresholds: { http_req_failed: ['rate<0.01'], http_req_duration: ['p(99)<800'] },
};

export default function () {
  const res = http.post(`${__ENV.BASE_URL}/v1/checkout`, JSON.stringify({ cart: 'load-test' }),
    { headers: { 'Content-Type': 'application/json' } });
  check(res, { accepted: (r) => r.status === 202 });
  sleep(1);
}
