/** The baseline of `npm run bench:scim`: Fastify's hello world, as its own process on PORT. */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT']) })
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
