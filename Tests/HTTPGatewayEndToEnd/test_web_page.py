"""The web page in headless Chromium (Debian's chromium + chromium-driver, driven by selenium):
a real upload through the bridge to a real gateway and workers."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import OUTPUT, REPO

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    for path in (CHROMIUM, DRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: scripts/install-deps installs chromium and chromium-driver", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # A fake camera (Chromium's moving test pattern) stands in for the webcam, without a prompt.
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"):
        options.add_argument(flag)
    os.environ["SE_OFFLINE"] = "true"  # selenium must use Debian's driver, never download one
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def songs(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#songs li.song")


def test_upload_shows_one_face_and_40_songs(browser, bridge):
    browser.get(bridge.url + "/")
    assert "moodmusic" in browser.title
    browser.find_element(By.ID, "photo").send_keys(str(REPO / "data/faces/astronaut.png"))
    WebDriverWait(browser, 180).until(
        lambda d: len(songs(d)) == 40 and len(d.find_elements(By.CSS_SELECTOR, "#boxes .face-box")) == 1
        or not d.find_element(By.ID, "error").get_attribute("hidden"))
    assert browser.find_element(By.ID, "error").get_attribute("hidden"), browser.find_element(By.ID, "error").text
    items = songs(browser)
    assert len(items) == 40
    for item in items:
        link = item.find_element(By.TAG_NAME, "a")
        assert link.get_attribute("href").startswith("https://open.spotify.com/track/")
        meta = item.find_element(By.CSS_SELECTOR, ".meta").text
        assert any(mood in meta for mood in ("happy", "sad", "energetic", "calm")), meta
        assert item.find_element(By.CSS_SELECTOR, ".reason").text
    box = browser.find_element(By.CSS_SELECTOR, "#boxes .face-box")
    assert box.size["width"] > 10 and box.size["height"] > 10
    assert len(browser.find_elements(By.CSS_SELECTOR, "#faces .bar")) == 7

    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "web-page.png"
    assert browser.save_screenshot(str(shot))
    with Image.open(shot) as image:
        stat = ImageStat.Stat(image.convert("L"))
        colours = len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])
    # A blank page is one colour; this one has a photo, a yellow box and text.
    assert stat.stddev[0] > 10 and colours > 1000, (stat.stddev, colours)
    print(f"screenshot: {shot}")


def test_invalid_file_shows_the_error(browser, bridge, tmp_path):
    browser.get(bridge.url + "/")
    bad = tmp_path / "not-a-photo.png"
    bad.write_bytes(b"this is text, not a PNG")
    browser.find_element(By.ID, "photo").send_keys(str(bad))
    error = browser.find_element(By.ID, "error")
    WebDriverWait(browser, 60).until(lambda d: not error.get_attribute("hidden"))
    assert error.is_displayed()
    assert "INVALID_ARGUMENT" in error.text, error.text
    assert songs(browser) == []


def detect_calls(bridge) -> int:
    _, _, metrics = bridge.request("GET", "/metrics")
    match = re.search(rb'moodmusic_http_requests_total\{[^}]*route="/v1/emotions:detect"[^}]*code="OK"[^}]*\} (\d+)', metrics) or \
        re.search(rb'moodmusic_http_requests_total\{[^}]*code="OK"[^}]*route="/v1/emotions:detect"[^}]*\} (\d+)', metrics)
    return int(match.group(1)) if match else 0


def test_webcam_sends_frames_for_live_emotions(browser, bridge):
    browser.get(bridge.url + "/")
    before = detect_calls(bridge)
    browser.find_element(By.ID, "webcam-start").click()
    WebDriverWait(browser, 60).until(lambda d: detect_calls(bridge) >= before + 2)
    error = browser.find_element(By.ID, "error")
    assert error.get_attribute("hidden"), error.text
    # The test pattern has no face: the page says so instead of drawing boxes.
    WebDriverWait(browser, 30).until(lambda d: "No face found" in d.find_element(By.ID, "faces").text)
    browser.find_element(By.ID, "webcam-stop").click()
    assert browser.find_element(By.ID, "webcam-start").is_displayed()
