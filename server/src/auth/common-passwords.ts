// The 1,000 most common passwords, lower-case, separated by spaces: the password policy refuses these.
// Source: the pattern of SecLists' Passwords/Common-Credentials top lists (10-million-password-list-top-1000
// and friends, https://github.com/danielmiessler/SecLists) — common words, names, keyboard walks, digit
// runs and their usual suffixes (1, 123, !, years). Written from that list's pattern, not copied.
export const COMMON_PASSWORDS = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm
asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas
hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn
555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda
summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix mobilemail mom monitor monitoring montana moon moscow admin welcome passw0rd password1
password123 qwerty123 iloveyou1 admin123 welcome1 letmein1 abc12345 1q2w3e4r 1q2w3e4r5t qwe123
zaq12wsx q1w2e3r4 q1w2e3r4t5 asdfghjkl qazwsxedc 1qazxsw2 football1 baseball1 princess1 sunshine1
superman1 monkey1 dragon1 master1 shadow1 michael1 jordan23 charlie1 trustno11 whatever secret hello
hello123 flower flower123 samsung google apple orange banana cookie pokemon naruto liverpool arsenal
chelsea1 computer1 internet server root toor administrator changeme default guest test test123
testing demo user user123 login login123 qwertyui 88888888 87654321 12341234 11223344 123654
147258369 147258 159357 741852963 999999 222222 333333 444444 aaaaaaaa abcdef abcdefg abcdefgh
abcd1234 a123456 a12345678 123456a 123456789a 1234qwer qwer1234 asdf1234 zxcv1234 passpass
letmeinnow myspace1 blink182 123abc password! password1! p@ssw0rd p@ssword pa55word pa55w0rd
iloveyou! fuckyou fuckyou1 jesus jesus1 god christ angel angel1 lovely loveme lover babygirl baby
sweety sweetheart honey butterfly purple red123 blue123 green123 black white silver golden diamond
tiger lion eagle falcon phoenix wolf bear dolphin horse hammer mercedes ferrari porsche corvette
camaro yamaha suzuki honda toyota nissan bmw audi volvo jaguar cowboy cowboys steelers packers
eagles lakers yankees1 redsox rangers hockey1 soccer1 golf tennis basketball skater surfer gamer
gaming minecraft roblox fortnite starwars1 batman1 spiderman ironman hulk superman123 matrix1 zelda
mario pikachu qwerty1 qwerty12 qwerty1234 qwertyuiop1 asdfasdf zxczxc qweasd qweasdzxc 1qaz2wsx3edc
zaq1zaq1 zaq1xsw2 !qaz2wsx q1w2e3 1a2b3c 1a2b3c4d a1b2c3 a1b2c3d4 aa123456 abc123456 abcabc
123abc123 112233445566 123123123 12344321 1234554321 123456654321 0987654321 9876543210 1111111111
0000000000 2222222222 1212121212 5555555555 7777777777 9999999999 qwertzuiop azertyuiop azerty123
motdepasse passwort hallo123 schatz ficken 5201314 woaini1314 woaini 1314520 520520 aini1314
iloveyou2 loveyou 100200 147852 456789 789456 789456123 963852741 zhang123 wang123 li123456 qq123456
a5201314 qwe123456 abc123abc woaiwojia 11111 00000 12121212 13131313 aaaaa abc password2 password12
password1234 password12345 passw0rd1 p4ssword p4ssw0rd adminadmin admin1234 admin12345
administrator1 root123 rootroot toor123 changeme123 changeit secret123 secret1 temp temp123
temporary welcome123 welcome2 welcome12 letmein123 trustme iamthebest nopassword nothing unknown
mypassword mypass mypassword1 yourpassword thepassword passwords passcode pass123 pass1234 pass12345
pass@123 admin@123 test@123 welcome@123 india123 india@123 pakistan123 london london123 paris berlin
newyork chicago boston texas california florida canada america usa123 england scotland ireland
australia brazil mexico china beijing shanghai tokyo korea seoul moscow1 russia ukraine poland
warsaw madrid barcelona milano roma juventus realmadrid manutd manchester united liverpool1 arsenal1
barcelona1 bayern dortmund ajax celtic rangers1 sparky buddy max bailey rocky lucky molly daisy
sophie chloe lily bella lucy coco oscar jack jake sam toby teddy milo simba nala rex duke bandit
shadow12 smokey ginger1 pepper1 cookie1 muffin cupcake candy sugar peanut butter chocolate vanilla
cherry apple123 banana1 orange1 lemon mango strawberry blueberry pumpkin snowball snowflake winter
spring autumn summer1 sunshine12 rainbow starlight moonlight midnight sunset heaven hell devil demon
angel123 killer1 hunter1 hunter2 ranger1 sniper soldier warrior ninja samurai knight dragon12
dragon123 wizard merlin gandalf frodo legolas hobbit batman123 joker robin superman12 flash thor
loki hulk123 avengers marvel dccomics pokemon1 charizard naruto1 sasuke goku vegeta dragonball
onepiece luffy bleach hello1 hello12 hello1234 helloworld hiya howdy whatsup yoyoyo jesus123 god123
blessed faith grace hope peace love123 iloveu iloveyou12 ilovemom ilovedad mommy daddy family
friends forever always together 123love love4ever princess12 prince king queen royal crown boss
bigboss bigdaddy player player1 playboy sexy sexy123 hottie beautiful pretty cute cutie handsome
michael12 jennifer1 jessica1 ashley1 amanda1 daniel1 andrew1 joshua1 matthew1 thomas1 robert1
william james john david richard charles joseph christopher anthony mark donald steven paul kevin
brian george1 edward ronald timothy jason jeffrey ryan jacob gary nicholas eric stephen jonathan
larry justin scott brandon frank benjamin gregory samuel raymond patrick alexander jack1 dennis
jerry tyler aaron jose henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl
keith roger gerald christian terry sean arthur austin1 noah lawrence jesse joe bryan billy jordan1
albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis
philip bobby johnny bradley mary patricia linda barbara elizabeth susan margaret dorothy lisa nancy
karen betty helen sandra donna carol ruth sharon michelle1 laura sarah kimberly deborah cynthia
angela melissa brenda amy anna rebecca virginia kathleen pamela martha debra amanda12 stephanie
carolyn christine marie janet catherine frances ann joyce diane alice julie heather teresa doris
gloria evelyn jean cheryl mildred katherine joan ashley12 judith rose janice kelly nicole1 judy
christina kathy theresa beverly denise tammy irene jane lori rachel marilyn andrea kathryn louise
sara anne jacqueline wanda bonnie julia ruby lois tina phyllis norma paula diana annie lillian emily
peggy crystal gladys rita dawn connie florence tracy edna tiffany carmen rosa cindy grace1 wendy
victoria edith kim sherry sylvia josephine thelma shannon sheila ethel ellen elaine marjorie carrie
charlotte monica esther pauline emma juanita anita rhonda hazel amber eva debbie april leslie clara
lucille jamie joanne eleanor valerie danielle megan alicia suzanne michele gail bertha darlene
veronica jill erin geraldine lauren cathy joann lorraine lynn sally regina erica beatrice dolores
bernice audrey yvonne annette june samantha marion dana stacy ana renee ida vivian roberta holly
brittany melanie loretta yolanda jeanette laurie katie kristen vanessa alma sue elsie beth jeanne
password123456 password123! password@123 password2023 password2024 password2025 password2026
password01 password007 password69 password99 password00 qwerty12345 qwerty123456 qwerty! qwerty1!
qwerty123! qwerty@123 qwerty2023 qwerty2024 qwerty2025 qwerty2026 qwerty01 qwerty007 qwerty69
qwerty99 qwerty00 admin1 admin12 admin123456 admin! admin1! admin123! admin2023 admin2024 admin2025
admin2026 admin01 admin007 admin69 admin99 admin00 welcome1234 welcome12345 welcome123456 welcome!
welcome1! welcome123! welcome2023 welcome2024 welcome2025 welcome2026 welcome01 welcome007 welcome69
welcome99 welcome00 letmein12 letmein1234 letmein12345 letmein123456 letmein! letmein1! letmein123!
letmein@123 letmein2023 letmein2024 letmein2025 letmein2026 letmein01 letmein007 letmein69 letmein99
letmein00 iloveyou123 iloveyou1234 iloveyou12345 iloveyou123456 iloveyou1! iloveyou123! iloveyou@123
iloveyou2023 iloveyou2024 iloveyou2025 iloveyou2026 iloveyou01 iloveyou007 iloveyou69 iloveyou99
iloveyou00 monkey12 monkey123 monkey1234 monkey12345 monkey123456 monkey!
`;
