/**
 * The GraphQL side of the comparison: the same projection as ./chain-state.ts read back through the squid's
 * GraphQL API (with the client of ../support/graphql.ts).
 */
import { gql } from '../support/graphql.ts';
import { emptyProjection, type Json, type Projection, type RawEvent, roundFloat } from './model.ts';

/** Every row of a list query, fetched in pages (the public limits cap the response size). */
export async function fetchAll<T>(url: string, field: string, selection: string, pageSize = 100): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const data = await gql<Record<string, T[]>>(
      url,
      `query ($limit: Int!, $offset: Int!) { ${field}(orderBy: id_ASC, limit: $limit, offset: $offset) { ${selection} } }`,
      { limit: pageSize, offset },
    );
    rows.push(...data[field]);
    if (data[field].length < pageSize) return rows;
  }
}

type Row = { [key: string]: Json } & { id: string };
const ref = (value: Json): Json =>
  value && typeof value === 'object' && 'id' in value ? (value as { id: Json }).id : null;

/** The projection of ./chain-state.ts, read through the squid's GraphQL API. */
export async function readGraphqlProjection(url: string): Promise<Projection> {
  const projection = emptyProjection();

  for (const row of await fetchAll<Row>(
    url,
    'stores',
    'id owner { id } name metadataCid encryptionKey status ratingSum ratingCount averageRating createdAtBlock',
  )) {
    projection.stores.set(row.id, {
      ...row,
      owner: ref(row.owner),
      averageRating: roundFloat(row.averageRating as number | null),
    });
  }

  for (const row of await fetchAll<Row>(
    url,
    'listings',
    'id store { id } seller { id } price stock metadataCid status createdAtBlock',
  )) {
    projection.listings.set(row.id, { ...row, store: ref(row.store), seller: ref(row.seller) });
  }

  for (const row of await fetchAll<Row>(
    url,
    'orders',
    `id buyer { id } seller { id } store { id } total escrow { id } status shippingCid trackingCid createdAtBlock
     shippedAtBlock autoReleaseAt rating receipt { cid }
     items(orderBy: id_ASC, limit: 32) { id listing { id } quantity unitPrice subtotal }`,
    20,
  )) {
    const receipt = row.receipt as { cid: string } | null;
    const { receipt: _receipt, ...rest } = row;
    projection.orders.set(row.id, {
      ...rest,
      buyer: ref(row.buyer),
      seller: ref(row.seller),
      store: ref(row.store),
      escrow: ref(row.escrow),
      receiptCid: receipt?.cid ?? null,
      items: (row.items as Row[])
        .map((item) => ({ ...item, listing: ref(item.listing) }))
        .sort((a, b) => Number(a.id.split('-')[1]) - Number(b.id.split('-')[1])),
    });
  }

  for (const row of await fetchAll<Row>(
    url,
    'escrows',
    'id depositor { id } beneficiary { id } amount asset status autoReleaseAt order { id } createdAtBlock',
  )) {
    projection.escrows.set(row.id, {
      ...row,
      depositor: ref(row.depositor),
      beneficiary: ref(row.beneficiary),
      order: ref(row.order),
    });
  }

  for (const row of await fetchAll<Row>(
    url,
    'missions',
    'id name descriptionCid reward maxCompletions completions expiresAt kind threshold active',
  )) {
    projection.missions.set(row.id, row);
  }

  for (const row of await fetchAll<Row>(
    url,
    'disputes',
    `id order { id } escrow { id } plaintiff { id } defendant { id } fee round evidenceEnd commitEnd revealEnd
     appealEnd status ruling rulingPercent createdAtBlock
     rounds(orderBy: round_ASC, limit: 3) {
       id round appellant { id } appealFee redrawn
       jurors(orderBy: id_ASC, limit: 50) { id juror { id } replaced commitment vote votePercent }
     }
     evidence(orderBy: [blockNumber_ASC, id_ASC], limit: 32) { submittedBy { id } cid }`,
    2,
  )) {
    type Seat = {
      id: string;
      juror: { id: string };
      replaced: boolean;
      commitment: string | null;
      vote: string | null;
      votePercent: number | null;
    };
    const rounds = row.rounds as unknown as (Row & { jurors: Seat[] })[];
    const evidence: { [party: string]: Json } = {};
    for (const piece of row.evidence as unknown as { submittedBy: { id: string }; cid: string }[]) {
      const party = piece.submittedBy.id;
      evidence[party] = [...((evidence[party] as string[] | undefined) ?? []), piece.cid];
    }
    const seated = rounds.flatMap((round) => round.jurors.filter((seat) => !seat.replaced));
    projection.disputes.set(row.id, {
      ...row,
      order: ref(row.order),
      escrow: ref(row.escrow),
      plaintiff: ref(row.plaintiff),
      defendant: ref(row.defendant),
      rounds: rounds.map((round) => ({
        id: round.id,
        round: round.round,
        appellant: ref(round.appellant),
        appealFee: round.appealFee,
        redrawn: round.redrawn,
        jurors: round.jurors
          .filter((seat) => !seat.replaced)
          .map((seat) => seat.juror.id)
          .sort(),
      })),
      commitments: seated
        .filter((seat) => seat.commitment !== null)
        .map((seat) => ({ id: seat.id, commitment: seat.commitment, vote: seat.vote, votePercent: seat.votePercent }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
      evidence,
    });
  }

  const jurors = await gql<{ jurors: Row[] }>(
    url,
    '{ jurors(where: { active_eq: true }, orderBy: id_ASC, limit: 1000) { id stake activeDisputes active } }',
  );
  for (const row of jurors.jurors) projection.jurors.set(row.id, row);
  return projection;
}

/** Every row of the raw log (`chainEvents`). */
export async function readGraphqlEvents(url: string): Promise<RawEvent[]> {
  return fetchAll<RawEvent>(url, 'chainEvents', 'id blockNumber blockHash indexInBlock pallet name extrinsicHash', 500);
}
