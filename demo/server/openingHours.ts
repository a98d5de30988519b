// The customer team's hours (Eastern Time), as published in the "opening-hours" policy.

export const SHOP_TIME_ZONE = 'America/New_York';

/** Opening and closing hour per weekday, 0 = Sunday; undefined = closed all day. */
const HOURS: Array<[number, number] | undefined> = [undefined, [8, 20], [8, 20], [8, 20], [8, 20], [8, 20], [9, 17]];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localTime(at: Date): { weekday: number; hour: number } {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone: SHOP_TIME_ZONE, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(at);
	const weekday = WEEKDAYS.indexOf(parts.find((part) => part.type === 'weekday')!.value);
	const hour = Number(parts.find((part) => part.type === 'hour')!.value);
	return { weekday, hour };
}

export function isTeamAvailable(at: Date): boolean {
	const { weekday, hour } = localTime(at);
	const hours = HOURS[weekday];
	return hours !== undefined && hour >= hours[0] && hour < hours[1];
}

/** "Mon 8:00 ET": when the team is next available, looking from `at`. */
export function nextOpening(at: Date): string {
	const { weekday, hour } = localTime(at);
	for (let ahead = 0; ahead < 8; ahead++) {
		const day = (weekday + ahead) % 7;
		const hours = HOURS[day];
		if (!hours || (ahead === 0 && hour >= hours[0])) continue;
		return `${ahead === 0 ? 'today' : ahead === 1 ? 'tomorrow' : WEEKDAYS[day]} ${hours[0]}:00 ET`;
	}
	return 'Mon 8:00 ET';
}
