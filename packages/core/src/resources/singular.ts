/**
 * The child resource of a relation when none is given: `orders` → `order`,
 * `categories` → `category`, `addresses` → `address`. Deliberately simple;
 * irregular plurals (`people`) take an explicit `{ child: 'person' }`.
 */
export function singular(relation: string): string {
  if (/[^aeiou]ies$/i.test(relation)) return `${relation.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/i.test(relation)) return relation.slice(0, -2);
  if (/[^s]s$/i.test(relation)) return relation.slice(0, -1);
  return relation;
}
