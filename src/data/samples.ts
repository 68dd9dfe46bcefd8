// The datasets the app offers with one click. They ship with the page (same origin), see sample-data/README.md.
import ordersUrl from '../../sample-data/orders.csv?url';
import subscriptionsUrl from '../../sample-data/subscriptions.csv?url';
import npsUrl from '../../sample-data/nps.csv?url';
import cancellationsUrl from '../../sample-data/cancellations.csv?url';
import cdnowUrl from '../../sample-data/cdnow.csv?url';

export interface Sample {
  id: 'orders' | 'subscriptions' | 'nps' | 'cancellations' | 'cdnow';
  fileName: string;
  url: string;
}

export const SAMPLES: Sample[] = [
  { id: 'orders', fileName: 'orders.csv', url: ordersUrl },
  { id: 'subscriptions', fileName: 'subscriptions.csv', url: subscriptionsUrl },
  { id: 'nps', fileName: 'nps.csv', url: npsUrl },
  { id: 'cancellations', fileName: 'cancellations.csv', url: cancellationsUrl },
  { id: 'cdnow', fileName: 'cdnow.csv', url: cdnowUrl },
];

export async function fetchSample(sample: Sample): Promise<File> {
  const response = await fetch(sample.url);
  if (!response.ok) throw new Error(`${sample.fileName}: HTTP ${response.status}`);
  return new File([await response.blob()], sample.fileName, { type: 'text/csv' });
}
