/**
 * The most common passwords, curated from public breach-frequency lists (the top of the lists NCSC's
 * "passwords to avoid" guidance draws on, plus NHS and UK favourites and year/season patterns); see
 * docs/decisions/043-accounts-mail-and-sso.md. Lower case. A module, not a text file, so the server
 * and the built Remix app read the same list without a file path.
 */
export const COMMON_PASSWORDS: readonly string[] = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer
zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie
robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica
pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321
dallas austin thunder taylor matrix mobilemail mom monitor monitoring montana moon moscow william
corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888
anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro
peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota
arsenal eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway
marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers
iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4
brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight
fender barney midnight please brandy chicago badboy slayer rangers charles angel flower rabbit
wizard bigdick jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine
winter prince panties marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro
gandalf asdfasdf crystal 87654321 12344321 golden 8675309 panther lauren angela bitch spanky
thx1138 angels madison winston shannon mike toyota blowjob jordan23 canada sophie apples tiger
qazwsxedc 123abc mypass asdf1234 passw0rd p@ssw0rd p@ssword passwort changeme welcome1 letmein1
admin administrator root toor guest default login abcd1234 football1 baseball1 superman1 iloveyou1
princess1 sunshine1 monkey1 dragon1 master1 shadow1 qwerty1 qwerty123 password1 password12 password123
password1234 password12345 password123456 passwordpassword qwertyuiop123 qwertyuiop1 1q2w3e4r5t6y
1qaz2wsx3edc zaq12wsx zaq1zaq1 q1w2e3r4t5y6 abcdefghijkl abcdefgh abcdefg abc123456 123456abc
a1b2c3d4 aa123456 123456a 123456789a 1234567890a 12345678910 123456789012 1234567891011 111111111111
000000000000 123123123123 121212121212 qweasdzxc qweqweqwe asdasdasd zxczxczxc iloveyou123 iloveyou2
iloveyouforever loveyou lovely trustno1234 nhs nhsmail nhsnhs nhs123 nhspassword nhstrust hospital
hospital1 hospital123 doctor nurse nursing healthcare welcome123 welcome2024 welcome2025 welcome2026
welcome2027 summer2024 summer2025 summer2026 summer2027 winter2024 winter2025 winter2026 winter2027
spring2025 spring2026 autumn2025 autumn2026 january february march april may june july august
september october november december monday tuesday wednesday thursday friday saturday sunday
password2024 password2025 password2026 password2027 changeme123 letmeinnow letmein123 liverpool
liverpool1 manchester manutd chelsea1 arsenal1 tottenham everton leeds newcastle england england1
london1 london123 scotland wales ireland britain unitedkingdom cricket rugby football123 qwertyqwerty
qwerty12345 qwerty123456 asdfghjkl asdfghjkl1 zxcvbnm123 zxcvbnm1 1q2w3e 1q2w3e4r5t 123qweasd
123qweasdzxc qwe123 qwe123456 qwerty7 passpass pass1234 pass12345 mypassword mypassword1 secret123
secretpassword topsecret supersecret master123 admin123 admin1234 administrator1 rootroot letmeinplease
opensesame youshallnotpass correcthorsebatterystaple correcthorse horsebatterystaple trustme
trustnoone whatever1 nothing nopassword blahblah blahblahblah abcabc abcabcabc computer1 computer123
internet1 samsung1 iphone apple apple123 google google123 facebook microsoft windows linux ubuntu
starwars1 pokemon pokemon1 minecraft fortnite batman1 spiderman superman123 ironman 11223344
1122334455 112233445566 123454321 1234554321 147258369 159357 147258 741852963 963852741 789456123
456789 qazxswedc 0987654321 9876543210 123456654321 asdfjkl qwertz azerty elizabeth jessica1
michael1 daniel1 charlotte oliver1 harry harrypotter hermione gryffindor
`
  .split(/\s+/)
  .filter(Boolean);
