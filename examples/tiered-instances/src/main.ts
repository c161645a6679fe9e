import { printTable } from '@cachet/example-support';
import { runScenario } from './scenario';

async function main(): Promise<void> {
  console.log('cachet TieredStore across instances: two processes, each with its own L1 (MemoryStore), over one Redis (L2 and bus)');
  const steps = await runScenario();
  printTable(
    'Each call, on which instance, and what answered it',
    ['instance', 'call', 'price', 'served by', 'bus: published', 'unannounced', 'applied'],
    steps.map((step) => [step.instance, step.call, step.price ?? '', step.servedBy ?? '', step.bus.published, step.bus.unannounced, step.bus.applied]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
