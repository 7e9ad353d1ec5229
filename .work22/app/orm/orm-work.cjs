// What both ORM fixtures do, given TypeORM, Sequelize, drizzle and Prisma as the fixture
// loaded them (require or import), against the local PostgreSQL and MariaDB:
// inside one run, each ORM creates its table, inserts a row (the value is a
// secret that must reach no span) and reads it back.
const SECRET = 'secret-orm-value';
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

async function typeormWork({ DataSource, EntitySchema }) {
  const Item = new EntitySchema({ name: 'TypeormItem', tableName: 'botanu_typeorm_items', columns: { id: { type: Number, primary: true, generated: true }, name: { type: String } } });
  const ds = new DataSource({ type: 'postgres', ...PG, username: PG.user, entities: [Item], synchronize: true, logging: false });
  await ds.initialize();
  const repo = ds.getRepository('TypeormItem');
  await repo.save({ name: SECRET });
  await repo.find({ where: { name: SECRET } });
  await ds.createQueryBuilder().select('COUNT(*)', 'n').from('botanu_typeorm_items', 'i').getRawOne();
  await ds.destroy();
}

async function sequelizeWork({ Sequelize, DataTypes }) {
  const db = new Sequelize('test', 'root', '', { host: '127.0.0.1', port: 3306, dialect: 'mysql', logging: false });
  const Item = db.define('SequelizeItem', { name: DataTypes.STRING }, { tableName: 'botanu_sequelize_items' });
  await Item.sync();
  await Item.create({ name: SECRET });
  await Item.findAll({ where: { name: SECRET } });
  await db.close();
}

async function drizzleWork({ drizzle, pgCore, sql, eq, pg }) {
  const pool = new pg.Pool({ ...PG, max: 1 });
  const db = drizzle(pool);
  const items = pgCore.pgTable('botanu_drizzle_items', { id: pgCore.serial('id').primaryKey(), name: pgCore.text('name') });
  await db.execute(sql`CREATE TABLE IF NOT EXISTS botanu_drizzle_items (id serial primary key, name text)`);
  await db.insert(items).values({ name: SECRET });
  await db.select().from(items).where(eq(items.name, SECRET));
  await pool.end();
}

async function prismaWork({ PrismaClient, PrismaPg }) {
  const prisma = new PrismaClient({ adapter: new PrismaPg(PG) });
  await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS botanu_prisma_items (id serial primary key, name text not null)');
  await prisma.botanuItem.create({ data: { name: SECRET } });
  await prisma.botanuItem.findMany({ where: { name: SECRET } });
  await prisma.$disconnect();
}

async function main(libs, botanuWorkflow) {
  const run = botanuWorkflow({ name: 'orm', eventId: 'evt-orm-1', customerId: 'cust-orm' }, async () => {
    await typeormWork(libs.typeorm);
    await sequelizeWork(libs.sequelize);
    await drizzleWork(libs.drizzle);
    await prismaWork(libs.prisma);
  });
  await run();
  console.log('DONE');
}

module.exports = { main, SECRET };
