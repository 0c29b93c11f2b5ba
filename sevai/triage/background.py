"""Off-topic messages in the desk's four languages: what a support desk is NOT about.

They join a training run's calibration as out-of-scope rows (never as a label), in the
languages its data is written in, so the confidence learns what the scores of unrelated text
look like even on a desk whose history has no such examples, and the classifier declines
them instead of forcing a topic.
"""

from __future__ import annotations

OFF_TOPIC: dict[str, list[str]] = {
    "en": [
        "What will the weather be like tomorrow?",
        "Who won the football match last night?",
        "Can you recommend a good pasta recipe?",
        "What is the capital of Australia?",
        "Tell me a joke about cats",
        "How many calories are in a banana?",
        "Which movie won the Oscar this year?",
        "How do I learn to play the guitar?",
        "Is it going to rain this weekend?",
        "What is the best exercise for back pain?",
        "Write a poem about the sea",
        "How far is the moon from the earth?",
    ],
    "tl": [
        "Ano ang lagay ng panahon bukas?",
        "Sino ang nanalo sa laro ng basketball kagabi?",
        "Paano magluto ng adobo?",
        "Ano ang kabisera ng Japan?",
        "Magkwento ka naman ng biro",
        "Paano matutong tumugtog ng gitara?",
        "Uulan ba ngayong Sabado?",
        "Anong magandang pelikula ngayon?",
        "Ilang taon si Jose Rizal nang siya ay mamatay?",
        "Gumawa ka ng tula tungkol sa dagat",
    ],
    "ta": [
        "நாளை வானிலை எப்படி இருக்கும்?",
        "நேற்று கிரிக்கெட் போட்டியில் யார் வென்றார்?",
        "சாம்பார் எப்படி செய்வது?",
        "இந்தியாவின் தலைநகரம் எது?",
        "ஒரு நகைச்சுவை சொல்லுங்கள்",
        "இந்த வாரம் மழை பெய்யுமா?",
        "நல்ல திரைப்படம் ஒன்றை பரிந்துரைக்கவும்",
        "கிட்டார் வாசிக்க எப்படி கற்றுக்கொள்வது?",
    ],
    "hy": [
        "Ինչպիսի՞ եղանակ կլինի վաղը",
        "Ո՞վ հաղթեց երեկվա ֆուտբոլային խաղում",
        "Ինչպե՞ս պատրաստել տոլմա",
        "Ո՞րն է Ֆրանսիայի մայրաքաղաքը",
        "Պատմիր մի անեկդոտ",
        "Այս շաբաթ անձրև կգա՞",
        "Խորհուրդ տուր մի լավ ֆիլմ",
        "Ինչպե՞ս սովորել կիթառ նվագել",
    ],
}
