/**
 * k·G by a fixed-base comb with a small precomputed table, so that no table has to be built at run time:
 * a fresh isolate's first signature and its address cost one multiplication of ~31 doublings and ≤ 64
 * additions (~0.4 ms warm), where noble's first secret multiplication builds a 2080-point table
 * (~40 ms here) and a table-less one costs 256 doublings.
 *
 * Lim–Lee comb with 4 teeth and 2 sub-combs. Write k (< 2^256) as four 64-bit rows k = Σ rᵢ·2^(64i) and
 * read it column by column: for j = 31 … 0, the bits j of the four rows index TABLE[0..14], the bits
 * j + 32 index TABLE[15..29], and the accumulator is doubled between columns:
 *
 *   TABLE[u − 1]      = Σ_{i: bit i of u set} 2^(64i)·G          (u = 1 … 15)
 *   TABLE[15 + u − 1] = 2^32 · TABLE[u − 1]
 *
 * The 30 affine points below were computed with @noble/curves and are checked in the tests against that
 * definition, computed afresh with both this file's arithmetic and noble's. Variable-time (curve.ts).
 */
import { type Affine, INFINITY, type Jacobian, N, addAffine, double, toAffine } from "./curve.js";

/** x ‖ y, 64 hex digits each. */
const TABLE_HEX: readonly string[] = [
  "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
  "3322d401243c4e2582a2147c104d6ecbf774d163db0f5e5313b7e0e742d0e6bd56e70797e9664ef5bfb019bc4ddaf9b72805f63ea2873af624f3a2e96c28b2a0",
  "583fdfd9846dd99d9b8890856a8a9e738f17f31467e99549dca81127829d122aabc6232f2ff57d819f92d2d6572a47a6b44685a3b734b37af3c7719e63c4eac4",
  "8f68b9d2f63b5f339239c1ad981f162ee88c5678723ea3351b7b444c9ec4c0da662a9f2dba063986de1d90c2b6be215dbbea2cfe95510bfdf23cbf79501fff82",
  "8b300e513eff872cdaa6d12df54a3e332f27ce937be77e3e63c5e885114cbf091cec30677f43c0cc446f0d466b8238ea08f6a7aa9aaf716926c6ff28b3b10a39",
  "90922d88fe3ae2f4e1ddadfe9c510774bc26893d9b5cfe37ba16ce6a075e90707b1903f6742108a98d101fa7533c615d06d74475fce8f4bc653943cc5c08824a",
  "1edd0bb1c5131b306395e20e74cf531fe400bc041c7584ba1bcfa45c6ebdc96c31e03b2bfba373e4f75062f6ee6dd8c9e490d6f02724d11ca117161be358cf9e",
  "eaa649f21f51bdbae7be4ae34ce6e5217a58fdce7f47f9aa7f3b58fa2120e2b3be3279ed5bbbb03ac69a80f89879aa5a01a6b965f13f7e59d47a5305ba5ad93d",
  "160cb0f6d064c5896e0ee131766584ee6caf7d6b33524832cf291a3327bb4d716920c375c4ff16e1d1378b49ccf75cc2e3f2d4681aab720e9d5de55417136e8d",
  "1702da3e208736c5462aa9b3b321d965fe4d7bf39cc37faf3eef9e961a9ee611468c1fd8bc626c80088e897c680d92f16dbcd7667ea858f5fba57bbf3a545ceb",
  "4cd3a93c1f8c9bf83c7b45417f33b54cc5873c1999bc3c36b40f85c7b188660ad2de0386c68ace5c576d89870ffe35b77a167dd62edd2f33f8dce38033099cb0",
  "4d9a0f89c62c2291a048ca14f2bfb4c8e23c5f2ac589607b9a9e0a726658bb088cb831219b57975a95442e5685a3c00f1ea7a8b59f2c35cd427b5f310f827294",
  "6a496013016d3e81442fda14a05a831f6d3ea47cf4f0d3cb4333f0da51f5cf67578edf083e79c23a046ed81a61199ba85ff3a66e4a0d5ff1f647318ce52e0f48",
  "d89460540efd22c9c4749dc96205647cc0045d337497bb15b8f996f83ea01ea7af8a741269c3645cca281d35235de1a9cb13f3108be06e3a062dcb0912774ad5",
  "52de253afbb83870b6fffffcddeb356b0262b204ea0dda768808ca5fbeb8b1e23a270d6fd36fb8db0ff834d738e421ea89686278002f03ed961f40c08f8d21ea",
  "100f44da696e71672791d0a09b7bde459f1215a29b3c03bfefd7835b39a48db0cdd9e13192a00b772ec8f3300c090666b7ff4a18ff5195ac0fbd5cd62bc65a09",
  "fea74e3dbe778b1b10f238ad61686aa5c76e3db2be43057632427e2840fb27b66e0568db9b0b13297cf674deccb6af93126b596b973f7b77701d3db7f23cb96f",
  "734cb6a82cefa3b147248a8d2e9c894919bd4b34399ddd986cac51542c8118bcae46e10e422025747b5a3ea4d4de4530a2982beec4873539f1b340ad1e410fd5",
  "9c3919a84a474870faed8a9c1cc66021523489054d7f0308cbfc99c8ac1f98cdddb84f0f4a4ddd57584f044bf260e641905326f76c64c8e6be7e5e03d4fc599d",
  "3d75f24bba122399a01585a2ba20735eb75d2dce4fae424ec4aacaa8ed7cebed987a22f1ec4edf5e9c3ce86ba57b72659d00bfd72da192c2cbe4606fd5570dce",
  "862332ab0ba5dc88abd242d8cd076f0e86f485d4f3a1abbb211b971573ea0665e2532b72606d1a3f256625f6ae9a32ebc89544e8caf4fae709af505c7b784911",
  "dff538bf29155f271968f5fba953bb2c938ff76e46df21c979e9f3130deaf88586ba433ec595916711b4f032fa9d53ff5afdc7871a676a8df7bae0b131d5d020",
  "959396981943785c3d3e57edf5018cdbe039e730e4918b3d884fdff09475b7ba2e7e552888c331dd8ba0386a4b9cd6849c653f64c8709385e9b8abf87524f2fd",
  "104e2cb511fbe1529e0c7c767833042cc518d286be9b87f3940bef53eefe79e53c51bc1c72fe1ac1c8d80f5d006085eeee4879be4acd0fccc0d35e0f50bbec83",
  "5c1c90b4b3a2f8d974d4facd38d332ca52869e18f5e4b4b606187f61b2de976e642f963277dc2e6417e46617469c53a0682435a8abe3981898644d09daa37893",
  "c1f920fdffe88d54ce55fa79489bcdafb05c7a58fa74785ead2101c5222f6c54b9a787496181c44757df19efab7b24c07611b9af35329f7432553ab09065e490",
  "146041b90e781febac32074750c4b17857ab7ca08ae4a8bf392f156fa80b7ea841a6d54e550da168151e0948a72f3c392d4fe7577387afa5d343f075845279b2",
  "7668dc27464dd8a3c0db256f7bb4daaa9fa76f4b7ae93e23b3134ed3075a00104ab936d888f06bd2c8e12ffc884493fe3acac5c805efce00150063f59f5da977",
  "c7331f30fbdcdf5aa97a6ca8dc2fb22516ddf5124145da58996fde775d09ea98e5cc2c0a30d25352e4e4f97e9f412aaa68d39b2977795edd838f99e086a86e52",
  "587a7293469574257efd4055423bac6711e7589dddbe3884b3d686509c21ff71b49acb4759942dc3f671f4230a3f3b4d6f8bbafbbd69f12e360adc2e8f5a8fc6",
];

let table: Affine[] | undefined;

function comb(): Affine[] {
  table ??= TABLE_HEX.map((xy) => ({ x: BigInt(`0x${xy.slice(0, 64)}`), y: BigInt(`0x${xy.slice(64)}`) }));
  return table;
}

/** The precomputed points, for the tests. */
export function combTable(): readonly Affine[] {
  return comb();
}

/** k·G in Jacobian coordinates, for callers that normalise many points with one inversion. */
export function mulBaseJacobian(k: bigint): Jacobian {
  if (k <= 0n || k >= N) throw new RangeError("scalar must be in [1, n)");
  const t = comb();
  // 32-bit words of k, least significant first: row i is words 2i (columns 0–31) and 2i + 1 (32–63).
  const w = new Array<number>(8);
  for (let m = 0; m < 8; m++) w[m] = Number((k >> BigInt(32 * m)) & 0xffffffffn);
  let acc = INFINITY;
  for (let j = 31; j >= 0; j--) {
    acc = double(acc);
    const low = ((w[0]! >>> j) & 1) | (((w[2]! >>> j) & 1) << 1) | (((w[4]! >>> j) & 1) << 2) | (((w[6]! >>> j) & 1) << 3);
    const high = ((w[1]! >>> j) & 1) | (((w[3]! >>> j) & 1) << 1) | (((w[5]! >>> j) & 1) << 2) | (((w[7]! >>> j) & 1) << 3);
    if (low !== 0) acc = addAffine(acc, t[low - 1]!);
    if (high !== 0) acc = addAffine(acc, t[14 + high]!);
  }
  return acc;
}

/** k·G in affine coordinates. */
export function mulBase(k: bigint): Affine {
  return toAffine(mulBaseJacobian(k));
}
