SELECT date('2024-02-29'), time('13:45:07.5'), datetime('2024-02-29T13:45:07.123+02:00'), julianday('2024-01-01'), unixepoch('2024-01-01 12:00')
---
date('2024-02-29')|time('13:45:07.5')|datetime('2024-02-29T13:45:07.123+02:00')|julianday('2024-01-01')|unixepoch('2024-01-01 12:00')
2024-02-29|13:45:07|2024-02-29 11:45:07|2460310.5|1704110400

SELECT datetime(1700000000, 'unixepoch'), datetime(1700000000.5, 'unixepoch', 'subsec'), datetime(2460000.5), datetime(2460000.5, 'julianday'), datetime(1700000000, 'auto'), datetime(2460000, 'auto')
---
datetime(1700000000, 'unixepoch')|datetime(1700000000.5, 'unixepoch', 'subsec')|datetime(2460000.5)|datetime(2460000.5, 'julianday')|datetime(1700000000, 'auto')|datetime(2460000, 'auto')
2023-11-14 22:13:20|2023-11-14 22:13:20.500|2023-02-25 00:00:00|2023-02-25 00:00:00|2023-11-14 22:13:20|2023-02-24 12:00:00

SELECT date('2024-01-31', '+1 month'), date('2024-01-31', '+1 month', 'floor'), date('2024-01-31', '+1 month', 'ceiling'), date('2023-01-31', '+1 year'), date('2024-02-29', '+1 year', 'floor')
---
date('2024-01-31', '+1 month')|date('2024-01-31', '+1 month', 'floor')|date('2024-01-31', '+1 month', 'ceiling')|date('2023-01-31', '+1 year')|date('2024-02-29', '+1 year', 'floor')
2024-03-02|2024-02-29|2024-03-02|2024-01-31|2025-02-28

SELECT date('2024-03-15', 'start of month'), date('2024-03-15', 'start of year'), datetime('2024-03-15 10:11:12', 'start of day'), datetime('2024-03-15 10:11:12', 'end of day'), date('2024-03-15', 'end of month'), date('2024-03-15', 'end of year')
---
date('2024-03-15', 'start of month')|date('2024-03-15', 'start of year')|datetime('2024-03-15 10:11:12', 'start of day')|datetime('2024-03-15 10:11:12', 'end of day')|date('2024-03-15', 'end of month')|date('2024-03-15', 'end of year')
2024-03-01|2024-01-01|2024-03-15 00:00:00|2024-03-15 23:59:59|2024-03-31|2024-12-31

SELECT date('2024-03-15', 'weekday 0'), date('2024-03-15', 'weekday 5'), date('2024-03-15', 'weekday -1'), date('2024-03-15', 'weekday 7'), date('2024-03-15', 'weekday 1.5')
---
date('2024-03-15', 'weekday 0')|date('2024-03-15', 'weekday 5')|date('2024-03-15', 'weekday -1')|date('2024-03-15', 'weekday 7')|date('2024-03-15', 'weekday 1.5')
2024-03-17|2024-03-15|2024-03-11|NULL|NULL

SELECT datetime('2024-03-15 10:00', '+01:30'), datetime('2024-03-15 10:00', '-01:30:15.5'), datetime('2024-03-15', '+0001-02-03'), datetime('2024-03-15', '-0001-02-03 04:05'), datetime('2024-03-15', '+2 hours', '-30 minutes', '+15 seconds')
---
datetime('2024-03-15 10:00', '+01:30')|datetime('2024-03-15 10:00', '-01:30:15.5')|datetime('2024-03-15', '+0001-02-03')|datetime('2024-03-15', '-0001-02-03 04:05')|datetime('2024-03-15', '+2 hours', '-30 minutes', '+15 seconds')
2024-03-15 11:30:00|2024-03-15 08:29:44|2025-05-18 00:00:00|2023-01-11 19:55:00|2024-03-15 01:30:15

SELECT datetime('2024-03-15', '+1.5 days'), datetime('2024-03-15', '-1.25 months'), datetime('2024-03-15', '+0.5 years'), datetime('2024-03-15', '+1 DAYS'), datetime('2024-03-15', '+1 fortnight')
---
datetime('2024-03-15', '+1.5 days')|datetime('2024-03-15', '-1.25 months')|datetime('2024-03-15', '+0.5 years')|datetime('2024-03-15', '+1 DAYS')|datetime('2024-03-15', '+1 fortnight')
2024-03-16 12:00:00|2024-02-07 12:00:00|2024-09-13 12:00:00|2024-03-16 00:00:00|NULL

SELECT strftime('%Y-%m-%d %H:%M:%S %j %w %u %W %U %V %G %g %e %k %l %I %p %P %f %s %J %F %R %T %%', '2024-07-04 15:06:07.891')
---
strftime('%Y-%m-%d %H:%M:%S %j %w %u %W %U %V %G %g %e %k %l %I %p %P %f %s %J %F %R %T %%', '2024-07-04 15:06:07.891')
2024-07-04 15:06:07 186 4 4 27 26 27 2024 24  4 15  3 03 PM pm 07.891 1720105567 2460496.129257997 2024-07-04 15:06 15:06:07 %

SELECT strftime('%G-W%V-%u', '2021-01-03'), strftime('%G %g %V', '2020-12-31'), strftime('%G %V', '2026-01-01'), strftime('%Y %j %U %W %w', '2024-12-31'), strftime('%I:%M %p|%l|%k|%e', '2024-01-05 00:07')
---
strftime('%G-W%V-%u', '2021-01-03')|strftime('%G %g %V', '2020-12-31')|strftime('%G %V', '2026-01-01')|strftime('%Y %j %U %W %w', '2024-12-31')|strftime('%I:%M %p|%l|%k|%e', '2024-01-05 00:07')
2020-W53-7|2020 20 53|2026 01|2024 366 52 53 2|12:07 AM|12| 0| 5

SELECT strftime('%Y', '2024-01-01', 'x'), strftime('abc'), strftime(NULL, 'now'), strftime('%'), strftime('%d%'), strftime('%Q', '2024-01-01'), strftime()
---
strftime('%Y', '2024-01-01', 'x')|strftime('abc')|strftime(NULL, 'now')|strftime('%')|strftime('%d%')|strftime('%Q', '2024-01-01')|strftime()
NULL|abc|NULL|NULL|NULL|NULL|NULL

SELECT date('-0044-03-15'), datetime('0000-01-01'), date(0), date(-1), julianday(0), date('9999-12-31', '+1 day'), datetime(5373484.4999)
---
date('-0044-03-15')|datetime('0000-01-01')|date(0)|date(-1)|julianday(0)|date('9999-12-31', '+1 day')|datetime(5373484.4999)
-0044-03-15|0000-01-01 00:00:00|-4713-11-24|NULL|0.0|NULL|9999-12-31 23:59:51

SELECT time('24:00'), datetime('2024-12-31 24:00:00'), time('24:00:01'), time('12:60'), time('12:30:60'), date('2024-02-30'), date('2023-02-29')
---
time('24:00')|datetime('2024-12-31 24:00:00')|time('24:00:01')|time('12:60')|time('12:30:60')|date('2024-02-30')|date('2023-02-29')
00:00:00|2025-01-01 00:00:00|NULL|NULL|NULL|2024-03-01|2023-03-01

SELECT datetime('2024-01-01 10:00:00Z'), datetime('2024-01-01 10:00:00 -05:00'), datetime('2024-01-01 10:00 +14:00'), datetime('2024-01-01 10:00 +15:00'), datetime(' 2024-01-01'), datetime('2024-01-01Z')
---
datetime('2024-01-01 10:00:00Z')|datetime('2024-01-01 10:00:00 -05:00')|datetime('2024-01-01 10:00 +14:00')|datetime('2024-01-01 10:00 +15:00')|datetime(' 2024-01-01')|datetime('2024-01-01Z')
2024-01-01 10:00:00|2024-01-01 15:00:00|2023-12-31 20:00:00|NULL|NULL|NULL

SELECT unixepoch('2024-01-01', 'subsec'), unixepoch('1970-01-01 00:00:00.999', 'subsec'), julianday('2000-01-01 12:00'), strftime('%s', '2024-01-01 00:00:00.5', 'subsec'), time('12:00:00.123', 'subsec')
---
unixepoch('2024-01-01', 'subsec')|unixepoch('1970-01-01 00:00:00.999', 'subsec')|julianday('2000-01-01 12:00')|strftime('%s', '2024-01-01 00:00:00.5', 'subsec')|time('12:00:00.123', 'subsec')
1704067200.0|0.999|2451545.0|1704067200.500|12:00:00.123

SELECT timediff('2024-03-15', '2023-01-01'), timediff('2023-01-01', '2024-03-15 12:00:00.5'), timediff('2024-01-31', '2024-02-29'), timediff(NULL, 'now'), timediff('x', '2024-01-01')
---
timediff('2024-03-15', '2023-01-01')|timediff('2023-01-01', '2024-03-15 12:00:00.5')|timediff('2024-01-31', '2024-02-29')|timediff(NULL, 'now')|timediff('x', '2024-01-01')
+0001-02-14 00:00:00.000|-0001-02-14 12:00:00.500|-0000-00-29 00:00:00.000|NULL|NULL

SELECT date('2024-01-01', NULL), date(NULL), date(''), date(x'323032342d30312d3031'), date('2024-01-01', 'localtime', 'utc') IS NOT NULL
---
date('2024-01-01', NULL)|date(NULL)|date('')|date(X'323032342d30312d3031')|date('2024-01-01', 'localtime', 'utc') IS NOT NULL
NULL|NULL|NULL|2024-01-01|1

SELECT datetime('2024-01-01', 'unixepoch'), datetime(1e10, 'unixepoch'), datetime(-1e10, 'unixepoch'), datetime(100, 'unixepoch', 'unixepoch'), datetime(100, '+1 day', 'unixepoch'), datetime(100, 'julianday', 'auto')
---
datetime('2024-01-01', 'unixepoch')|datetime(1e10, 'unixepoch')|datetime(-1e10, 'unixepoch')|datetime(100, 'unixepoch', 'unixepoch')|datetime(100, '+1 day', 'unixepoch')|datetime(100, 'julianday', 'auto')
NULL|2286-11-20 17:46:40|1653-02-10 06:13:20|NULL|NULL|NULL

SELECT datetime('2024-06-15 12:00', 'localtime', 'utc'), datetime('2024-06-15 12:00', 'utc', 'localtime'), datetime('2024-06-15 12:00Z', 'utc')
---
datetime('2024-06-15 12:00', 'localtime', 'utc')|datetime('2024-06-15 12:00', 'utc', 'localtime')|datetime('2024-06-15 12:00Z', 'utc')
2024-06-15 12:00:00|2024-06-15 12:00:00|2024-06-15 12:00:00

SELECT datetime('now') = datetime('now'), julianday('now') = julianday(), typeof(unixepoch()), date() = current_date, time() = current_time, datetime() = current_timestamp, length(current_timestamp)
---
datetime('now') = datetime('now')|julianday('now') = julianday()|typeof(unixepoch())|date() = current_date|time() = current_time|datetime() = current_timestamp|length(current_timestamp)
1|1|integer|1|1|1|19

SELECT date('now', 'subsec') = date('now'), typeof(unixepoch('subsec')), unixepoch('now') BETWEEN 1700000000 AND 4000000000
---
date('now', 'subsec') = date('now')|typeof(unixepoch('subsec'))|unixepoch('now') BETWEEN 1700000000 AND 4000000000
1|real|1

SELECT length(time()), date() IS NOT NULL
---
length(time())|date() IS NOT NULL
8|1

SELECT date('2024-01-01', '+1 day', 'bogus'), date('2024-01-01', 'start of week'), date('2024-01-01', '+1'), date('2024-01-01', 'weekday'), datetime('2024-01-01', '+12:00:00:00')
---
date('2024-01-01', '+1 day', 'bogus')|date('2024-01-01', 'start of week')|date('2024-01-01', '+1')|date('2024-01-01', 'weekday')|datetime('2024-01-01', '+12:00:00:00')
NULL|NULL|NULL|NULL|NULL

SELECT timediff('2024-01-01')
---
error[INVALID_INPUT]: statement 1 (SELECT timediff('2024-01-01')): wrong number of arguments to function timediff()

