// Table names the app keeps for itself: the canonical tables of the source kinds and the tables the
// analyses write. A loaded file never takes one (data/names.ts); SQL a person runs may not create one
// either (engine/user-sql.ts), so that a name always means the app's table.
import { SOURCE_KINDS } from '../data/sources';
import { ANALYSIS_TABLES } from '../analyses';

export const APP_TABLE_NAMES: readonly string[] = [...SOURCE_KINDS, ...ANALYSIS_TABLES];
