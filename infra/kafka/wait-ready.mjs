// Waits until the Kafka broker on 127.0.0.1:$KAFKA_PORT serves real client work: the cluster
// describes itself with a controller; a throwaway topic is created (so the KRaft controller
// commits metadata), gets a partition leader, takes one message from an idempotent producer
// (so producer ids are allocated before the first real producer asks) and is deleted again; and a
// group coordinator is found (so __consumer_offsets exists before the first consumer joins). Log lines are no proof of any
// of that, so readiness is never read from the broker's log.
//
//   node wait-ready.mjs [--pid N] [--check-client]
//     --pid N          give up at once when process N (the broker) exits
//     --check-client   only check that kafkajs can be loaded, then exit
//   env: KAFKA_PORT (9092), KAFKA_WAIT_TIMEOUT seconds (90)
//   exit: 0 ready, 1 not ready before the deadline or the broker exited, 2 kafkajs not found
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

// kafkajs is a dependency of packages/bus, so it resolves from there; outside the workspace
// (or before `pnpm install`) fall back to wherever the caller's directory resolves it.
function loadKafkajs() {
  const bases = [resolve(here, '../../packages/bus/package.json'), join(process.cwd(), 'package.json')];
  for (const base of bases) {
    try {
      return createRequire(base)('kafkajs');
    } catch (error) {
      if (error?.code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  console.error(
    'kafka: cannot load kafkajs for the readiness check. Run `pnpm install` in the repository so ' +
      'packages/bus/node_modules/kafkajs exists, or run from a directory where kafkajs resolves ' +
      `(looked from ${bases.join(' and ')}).`,
  );
  process.exit(2);
}

const { values: args } = parseArgs({
  options: { pid: { type: 'string' }, 'check-client': { type: 'boolean', default: false } },
});
const { Kafka, logLevel } = loadKafkajs();
if (args['check-client']) process.exit(0);

const port = Number(process.env.KAFKA_PORT ?? 9092);
const timeoutMs = Number(process.env.KAFKA_WAIT_TIMEOUT ?? 90) * 1000;
const brokerPid = args.pid === undefined ? undefined : Number(args.pid);
const address = `127.0.0.1:${port}`;
const startedAt = Date.now();
const deadline = startedAt + timeoutMs;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function brokerExited() {
  if (brokerPid === undefined) return false;
  try {
    process.kill(brokerPid, 0);
    return false;
  } catch {
    return true;
  }
}

function withDeadline(promise, ms) {
  let timer;
  const timeout = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probe() {
  const kafka = new Kafka({
    clientId: 'kafka-wait-ready',
    brokers: [address],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
  const topic = `kafka-ready-check-${process.pid}-${Date.now()}`;
  let created = false;
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) {
      throw new Error(`no active controller yet (${JSON.stringify(cluster)})`);
    }
    created = await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    if (!(topics[0]?.partitions[0]?.leader >= 0)) throw new Error(`${topic} has no partition leader`);
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'ready?' }] });
    await admin.describeGroups(['kafka-ready-check']);
    return cluster;
  } finally {
    if (created) await admin.deleteTopics({ topics: [topic], timeout: 5000 }).catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

let lastError;
while (Date.now() < deadline) {
  if (brokerExited()) {
    console.error(`kafka: the broker process ${brokerPid} exited before it became ready`);
    process.exit(1);
  }
  try {
    const cluster = await withDeadline(probe(), Math.max(1000, Math.min(20_000, deadline - Date.now())));
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.error(
      `kafka: ${address} answers (cluster ${cluster.clusterId}, controller ${cluster.controller}) after ${seconds} s`,
    );
    process.exit(0);
  } catch (error) {
    lastError = error;
    await sleep(250);
  }
}
console.error(
  `kafka: ${address} not ready after ${timeoutMs / 1000} s; last error: ${lastError?.message ?? 'none'}`,
);
process.exit(1);
