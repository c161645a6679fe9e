export { ms, printTable } from './table';
