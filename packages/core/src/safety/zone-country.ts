/**
 * Time zones of the countries whose help lines the content pack holds, for people who have not set
 * a country: the zone they chose is the best guess we have. A zone shared by several countries is
 * left out rather than guessed.
 */
const ZONES: Record<string, string[]> = {
  US: [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'America/Detroit',
    'America/Boise',
    'America/Indiana/Indianapolis',
    'America/Kentucky/Louisville',
    'Pacific/Honolulu',
    'US/Eastern',
    'US/Central',
    'US/Mountain',
    'US/Pacific',
  ],
  GB: ['Europe/London', 'GB'],
  IE: ['Europe/Dublin', 'Eire'],
  CA: [
    'America/Toronto',
    'America/Vancouver',
    'America/Edmonton',
    'America/Winnipeg',
    'America/Halifax',
    'America/St_Johns',
    'America/Regina',
    'America/Montreal',
    'Canada/Eastern',
    'Canada/Pacific',
  ],
  AU: [
    'Australia/Sydney',
    'Australia/Melbourne',
    'Australia/Brisbane',
    'Australia/Perth',
    'Australia/Adelaide',
    'Australia/Hobart',
    'Australia/Darwin',
    'Australia/Canberra',
  ],
  NZ: ['Pacific/Auckland', 'Pacific/Chatham', 'NZ'],
  IN: ['Asia/Kolkata', 'Asia/Calcutta'],
  DE: ['Europe/Berlin'],
  FR: ['Europe/Paris'],
  ES: ['Europe/Madrid', 'Atlantic/Canary'],
};

const BY_ZONE = new Map(Object.entries(ZONES).flatMap(([country, zones]) => zones.map((z) => [z, country])));

export function countryForTimeZone(zone: string): string | undefined {
  return BY_ZONE.get(zone);
}
