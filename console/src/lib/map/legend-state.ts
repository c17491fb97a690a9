// Whether the map legend is open, remembered in this browser (open the first time).
const KEY = 'redsail.mapLegend';

export function legendOpen(storage: Pick<Storage, 'getItem'> | undefined): boolean {
  try {
    return storage?.getItem(KEY) !== 'closed';
  } catch {
    return true;
  }
}

export function rememberLegend(storage: Pick<Storage, 'setItem'> | undefined, open: boolean): void {
  try {
    storage?.setItem(KEY, open ? 'open' : 'closed');
  } catch {
    // storage refused: the choice holds for this page only
  }
}
