const redis = require('./redis');

async function sessions() {
  return redis.keys('session:*');
}

module.exports = { sessions };
