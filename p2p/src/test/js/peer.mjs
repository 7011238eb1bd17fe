// js-libp2p peer driven by the p2p module's interop tests and benchmark.
// Usage: node peer.mjs '<json config>'
//   {"mode":"serve","seed":"<hex32>"}                       listen on 127.0.0.1, serve echo/sink, print {"event":"ready",...}, exit when stdin closes
//   {"mode":"client","seed":"<hex32>","target":"<multiaddr>","echoBytes":1048576}
//                                                           dial, ping, identify, echo; print {"event":"result",...}
//   {"mode":"bench","seed":"<hex32>","target":"<multiaddr>","bulkBytes":N,"messages":M,"messageSize":S,"dials":D}
//                                                           throughput, message rate and handshake time; print {"event":"bench",...}
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { ping } from '@libp2p/ping'
import { identify } from '@libp2p/identify'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { randomBytes } from 'node:crypto'

const ECHO = '/dvc/echo/1.0.0'
const SINK = '/dvc/sink/1.0.0'
const config = JSON.parse(process.argv[2])
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'))
const bytesOf = (chunk) => chunk.subarray()

async function newNode (listen) {
  const privateKey = await generateKeyPairFromSeed('Ed25519', fromHex(config.seed))
  return createLibp2p({
    privateKey,
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: async () => false },
    connectionManager: { inboundConnectionThreshold: 10000, maxIncomingPendingConnections: 1000 },
    services: { ping: ping(), identify: identify() }
  })
}

async function send (stream, data) {
  if (!stream.send(data)) {
    await stream.onDrain()
  }
}

async function serveEcho (stream) {
  for await (const chunk of stream) {
    await send(stream, bytesOf(chunk))
  }
  await stream.close()
}

// Counts bytes until the writer closes, then answers with the 8-byte big-endian total.
async function serveSink (stream) {
  let total = 0n
  for await (const chunk of stream) {
    total += BigInt(chunk.byteLength)
  }
  const answer = Buffer.alloc(8)
  answer.writeBigUInt64BE(total)
  await send(stream, answer)
  await stream.close()
}

async function readAll (stream) {
  const parts = []
  for await (const chunk of stream) {
    parts.push(Buffer.from(bytesOf(chunk)))
  }
  return Buffer.concat(parts)
}

async function echoRoundTrip (node, target, size) {
  const payload = randomBytes(size)
  const stream = await node.dialProtocol(target, ECHO)
  const reading = readAll(stream)
  for (let off = 0; off < payload.length; off += 65536) {
    await send(stream, payload.subarray(off, off + 65536))
  }
  await stream.close()
  const echoed = await reading
  return Buffer.compare(echoed, payload) === 0
}

async function bulk (node, target, size) {
  const stream = await node.dialProtocol(target, SINK)
  const reading = readAll(stream)
  const chunk = randomBytes(256 * 1024)
  const start = performance.now()
  let sent = 0
  while (sent < size) {
    const n = Math.min(chunk.length, size - sent)
    await send(stream, n === chunk.length ? chunk : chunk.subarray(0, n))
    sent += n
  }
  await stream.close()
  const answer = await reading
  const ms = performance.now() - start
  if (answer.readBigUInt64BE(0) !== BigInt(size)) throw new Error('sink counted ' + answer.readBigUInt64BE(0))
  return { bytes: size, ms, mibPerSecond: size / 1048576 / (ms / 1000) }
}

async function messages (node, target, count, size) {
  const stream = await node.dialProtocol(target, SINK)
  const reading = readAll(stream)
  const payload = randomBytes(size)
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    await send(stream, payload)
  }
  await stream.close()
  await reading
  const ms = performance.now() - start
  return { messages: count, size, ms, perSecond: count / (ms / 1000) }
}

async function handshakes (node, target, dials) {
  const times = []
  for (let i = 0; i < 2 * dials; i++) {
    await node.hangUp(target)
    const start = performance.now()
    await node.dial(target)
    if (i >= dials) times.push(performance.now() - start) // the first half warms up
  }
  times.sort((a, b) => a - b)
  return { dials, medianMs: times[Math.floor(times.length / 2)] }
}

async function main () {
  if (config.mode === 'serve') {
    const node = await newNode(true)
    await node.handle(ECHO, (stream) => serveEcho(stream).catch(() => stream.abort(new Error('echo failed'))), { maxInboundStreams: 256 })
    await node.handle(SINK, (stream) => serveSink(stream).catch(() => stream.abort(new Error('sink failed'))), { maxInboundStreams: 256 })
    out({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
    process.stdin.resume()
    process.stdin.on('end', async () => { await node.stop(); process.exit(0) })
    return
  }
  const node = await newNode(false)
  const target = multiaddr(config.target)
  if (config.mode === 'client') {
    const result = { event: 'result', peerId: node.peerId.toString() }
    try {
      const connection = await node.dial(target)
      result.pingMs = await node.services.ping.ping(target)
      const id = await node.services.identify.identify(connection)
      result.identify = { peerId: id.peerId.toString(), protocols: id.protocols, agentVersion: id.agentVersion, listenAddrs: id.listenAddrs.map(String) }
      result.echoOk = await echoRoundTrip(node, target, config.echoBytes ?? 1048576)
    } catch (e) {
      result.error = String(e && e.message ? e.message : e)
    }
    out(result)
    await node.stop()
    process.exit(0)
  }
  if (config.mode === 'bench') {
    const result = { event: 'bench' }
    await node.dial(target)
    for (let i = 0; i < 4; i++) await bulk(node, target, 32 * 1048576) // warm-up, as on the Java side
    for (let i = 0; i < (config.repeats ?? 1); i++) { // best of `repeats`, as on the Java side
      const b = await bulk(node, target, config.bulkBytes)
      const m = await messages(node, target, config.messages, config.messageSize)
      if (!result.bulk || b.mibPerSecond > result.bulk.mibPerSecond) result.bulk = b
      if (!result.messages || m.perSecond > result.messages.perSecond) result.messages = m
    }
    result.handshake = await handshakes(node, target, config.dials)
    out(result)
    await node.stop()
    process.exit(0)
  }
  throw new Error('unknown mode ' + config.mode)
}

main().catch((e) => { out({ event: 'error', error: String(e && e.stack ? e.stack : e) }); process.exit(1) })
