'use strict';
const request = require('supertest');
const { createApp } = require('../src/app');

describe('orders-web', () => {
  const db = { query: jest.fn() };

  test('GET /healthz', async () => {
    await request(createApp(db)).get('/healthz').expect(200);
  });

  test('GET /v1/orders/:id returns 404 for an unknown order', async () => {
    db.query.mockResolvedValueOnce({ rows: [] });
    await request(createApp(db)).get('/v1/orders/42').expect(404);
  });
});
