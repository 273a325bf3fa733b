/**
 * Just enough Ogg Vorbis parsing to check an exercise's audio: the file is Ogg Vorbis, and how long
 * it plays (the last page's granule position over the sample rate), so the pack can refuse audio that
 * does not match its steps' timings.
 */
export function oggVorbisDurationSeconds(bytes: Buffer): number | undefined {
  if (bytes.length < 58 || bytes.toString('latin1', 0, 4) !== 'OggS') return undefined;
  const packet = 27 + (bytes[26] ?? 0);
  if (bytes.toString('latin1', packet, packet + 7) !== '\x01vorbis') return undefined;
  const sampleRate = bytes.readUInt32LE(packet + 12);
  const lastPage = bytes.lastIndexOf('OggS', undefined, 'latin1');
  if (sampleRate === 0 || lastPage < 0 || lastPage + 14 > bytes.length) return undefined;
  const granule = bytes.readBigInt64LE(lastPage + 6);
  return granule < 0n ? undefined : Number(granule) / sampleRate;
}
