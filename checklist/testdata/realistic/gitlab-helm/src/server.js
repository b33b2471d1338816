'use strict';
const { Pool } = require('pg');
const { createApp } = require('./app');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const server = createApp(pool).listen(process.env.PORT || 3000);

process.on('SIGTERM', () => {
  server.close(() => pool.end().then(() => process.exit(0)));
});
