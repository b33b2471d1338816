'use strict';
const express = require('express');
const pinoHttp = require('pino-http');

function createApp(db) {
  const app = express();
  app.use(pinoHttp());
  app.get('/healthz', (req, res) => res.sendStatus(200));
  app.get('/readyz', async (req, res) => {
    try {
      await db.query('SELECT 1');
      res.sendStatus(200);
    } catch (err) {
      res.sendStatus(503);
    }
  });
  app.get('/v1/orders/:id', async (req, res, next) => {
    try {
      const { rows } = await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
      if (rows.length === 0) return res.sendStatus(404);
      return res.json(rows[0]);
    } catch (err) {
      return next(err);
    }
  });
  return app;
}

module.exports = { createApp };
